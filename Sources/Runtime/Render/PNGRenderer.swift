import CRsvg
import Foundation

/// Rasterises an SVG document into PNG bytes with librsvg and cairo.
public enum PNGRenderer {
    /// Why an SVG could not become a PNG.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The PNG of `svg` drawn onto a `width` × `height` pixel canvas (the SVG's viewBox is
    /// scaled to fit it). Text uses the fonts fontconfig finds on the machine.
    public static func png(svg: String, width: Int, height: Int) throws -> Data {
        guard width > 0, height > 0, width <= 32_767, height <= 32_767 else {
            throw Failure(description: "a PNG of \(width) × \(height) pixels is out of range")
        }
        var error: UnsafeMutablePointer<GError>?
        let bytes = Array(svg.utf8)
        let handle = bytes.withUnsafeBufferPointer { buffer in
            rsvg_handle_new_from_data(buffer.baseAddress, buffer.count, &error)
        }
        guard let handle else { throw Failure(description: "librsvg cannot read the SVG: \(message(consuming: error))") }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }

        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw Failure(description: "cairo cannot make a \(width) × \(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { throw Failure(description: "cairo cannot draw on the image") }
        defer { cairo_destroy(context) }
        var viewport = RsvgRectangle(x: 0, y: 0, width: Double(width), height: Double(height))
        guard rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
            throw Failure(description: "librsvg cannot draw the SVG: \(message(consuming: error))")
        }
        cairo_surface_flush(surface)

        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw Failure(description: "cairo cannot encode the PNG: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }

    /// Collects the PNG stream cairo writes.
    private final class ByteSink {
        var data = Data()
    }

    /// A GError's message; frees the error.
    private static func message(consuming error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "no reason given" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "no reason given"
    }
}
