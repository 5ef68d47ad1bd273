#!/usr/bin/env python3
"""Print one character vector from an R package's lazy-load data, one element a line.

Usage: extract_rdata.py DATA_DIR NAME

DATA_DIR holds Rdata.rdx (gzip: the index, an R serialisation of a named list whose
`variables` element maps each object name to an (offset, length) pair into Rdata.rdb)
and Rdata.rdb (each entry: a 4-byte big-endian length, then a zlib stream holding another
serialisation). Serialisations are XDR ("X\\n"), versions 2 and 3. Only the types that
text data sets use are understood: symbols, strings, pairlists, generic vectors, and
integer, logical and real vectors.
"""
import gzip
import struct
import sys
import zlib


class Unserializer:
    def __init__(self, data):
        if data[:2] != b"X\n":
            raise ValueError("not an XDR R serialisation")
        self.data, self.pos, self.symbols = data, 2, []
        version = self.int32()
        self.int32(), self.int32()  # writer and minimal reader versions
        if version == 3:
            length = self.int32()  # native encoding name follows
            self.pos += length

    def int32(self):
        value = struct.unpack_from(">i", self.data, self.pos)[0]
        self.pos += 4
        return value

    def attributes(self, flags):
        """Reads an attribute pairlist when the flags say one follows."""
        return dict(self.item()) if flags & (1 << 9) else {}

    def item(self):
        flags = self.int32()
        kind = flags & 0xFF
        if kind == 254:  # NILVALUE
            return None
        if kind == 255:  # REFSXP: an earlier symbol
            return self.symbols[(flags >> 8) - 1]
        if kind == 1:  # SYMSXP
            name = self.item()
            self.symbols.append(name)
            return name
        if kind == 9:  # CHARSXP
            length = self.int32()
            if length == -1:
                return None
            text = self.data[self.pos:self.pos + length].decode("utf-8", "replace")
            self.pos += length
            return text
        if kind == 2:  # LISTSXP: (tag, value) pairs
            self.attributes(flags)
            tag = self.item() if flags & (1 << 10) else None
            head, tail = self.item(), self.item()
            return [(tag, head)] + (tail or [])
        if kind in (16, 19):  # STRSXP, VECSXP
            values = [self.item() for _ in range(self.int32())]
            names = self.attributes(flags).get("names")
            return dict(zip(names, values)) if kind == 19 and names else values
        if kind in (10, 13, 14):  # LGLSXP, INTSXP, REALSXP
            count = self.int32()
            code, size = ("d", 8) if kind == 14 else ("i", 4)
            values = list(struct.unpack_from(">%d%s" % (count, code), self.data, self.pos))
            self.pos += size * count
            self.attributes(flags)
            return values
        raise ValueError("unsupported R type %d at byte %d" % (kind, self.pos))


def load(folder, name):
    index = Unserializer(gzip.decompress(open(folder + "/Rdata.rdx", "rb").read())).item()
    offset, length = index["variables"][name]
    with open(folder + "/Rdata.rdb", "rb") as blob:
        blob.seek(offset)
        entry = blob.read(length)
    return Unserializer(zlib.decompress(entry[4:])).item()


if __name__ == "__main__":
    for line in load(sys.argv[1], sys.argv[2]):
        print(line if line is not None else "")
