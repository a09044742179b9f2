# Writes the bad-input corpus of the .sav reader from ../study.sav and
# ../study_zlib.zsav (written by PSPP): python3 make_bad.py (run in this
# directory). The expected messages are in NAME.golden.
import struct

sav = open("../study.sav", "rb").read()
zsav = open("../study_zlib.zsav", "rb").read()

def first_record(b, rtype):
    # Walk the dictionary to the first record of the given type.
    pos = 176
    while True:
        rt, = struct.unpack_from("<i", b, pos)
        if rt == rtype:
            return pos
        if rt == 2:
            _, typ, lab, nmiss = struct.unpack_from("<iiii", b, pos)
            pos += 32
            if lab:
                n, = struct.unpack_from("<i", b, pos)
                pos += 4 + (n + 3) // 4 * 4
            pos += 8 * abs(nmiss)
        elif rt == 3:
            n, = struct.unpack_from("<i", b, pos + 4)
            pos += 8
            for _ in range(n):
                ln = b[pos + 8]
                pos += 8 + (ln + 1 + 7) // 8 * 8
            nv, = struct.unpack_from("<i", b, pos + 4)
            pos += 8 + 4 * nv
        elif rt == 7:
            _, _, size, count = struct.unpack_from("<iiii", b, pos)
            pos += 16 + size * count
        elif rt == 999:
            return None
        else:
            raise SystemExit("unexpected record %d" % rt)

def write(name, b):
    open(name, "wb").write(b)

write("empty.sav", b"")
write("wrong-magic.sav", b"id,grupo,SSQ_1_pre\n1,1,3\n")
write("truncated-header.sav", sav[:100])
write("truncated-dictionary.sav", sav[:600])
end = first_record(sav, 999)
write("truncated-data.sav", sav[:end + 8 + 40])
pos = first_record(sav, 7)
write("unknown-record-type.sav", sav[:pos] + struct.pack("<i", 42) + sav[pos + 4:])
write("truncated.zsav", zsav[:len(zsav) - 60])
