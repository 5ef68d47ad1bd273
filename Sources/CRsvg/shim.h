// The few librsvg (≥ 2.46) and GLib calls the PNG export needs, declared here so that the
// GLib headers (and the -pthread their pkg-config flags carry, which SwiftPM rejects with a
// warning on every build) stay out of the build. The types match librsvg-2.0's rsvg.h and
// GLib's gerror.h on every platform GLib supports (gsize is size_t, gboolean is int,
// GQuark is guint32).
#include <stddef.h>
#include <stdint.h>
#include <cairo/cairo.h>

typedef struct _RsvgHandle RsvgHandle;

/// GLib's GError.
typedef struct {
    uint32_t domain;
    int code;
    char *message;
} GError;

/// librsvg's RsvgRectangle: the viewport the document is fitted into, in cairo user units.
typedef struct {
    double x;
    double y;
    double width;
    double height;
} RsvgRectangle;

RsvgHandle *rsvg_handle_new_from_data(const uint8_t *data, size_t data_len, GError **error);
int rsvg_handle_render_document(RsvgHandle *handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error);
void g_object_unref(void *object);
void g_error_free(GError *error);
