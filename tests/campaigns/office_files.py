"""Small legacy Office files for the upload tests, written here rather than kept as binaries: an OLE compound
file ([MS-CFB], version 3: 512-byte sectors, streams under 4,096 bytes in the mini stream) holding whatever
storages and streams a test names, and the BIFF8 records of an Excel workbook stream.

    ole_file({"WordDocument": b"...", "Macros": {"VBA": {"_vba_project": b"...", "dir": b"..."}, "PROJECT": b""}})

A dict is a storage, bytes are a stream. Siblings hang off each other's right pointer (a valid, if
unbalanced, red-black tree: all black), which olefile and Office both read. olefile (the parser the portal
uses) can read and rewrite streams in place but cannot create a file, hence this writer."""

import struct

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _pad(data, size):
    return data + b"\0" * (-len(data) % size)


def _entries(tree):
    """Directory entries in id order: [name, type, data, child ids]; entry 0 is the root."""
    entries = [["Root Entry", ROOT, b"", []]]

    def add(storage, parent):
        for name, value in storage.items():
            entries.append([name, STORAGE if isinstance(value, dict) else STREAM,
                            b"" if isinstance(value, dict) else value, []])
            entries[parent][3].append(len(entries) - 1)
            if isinstance(value, dict):
                add(value, len(entries) - 1)

    add(tree, 0)
    return entries


def ole_file(tree):
    entries = _entries(tree)
    # The mini stream: every small stream, in 64-byte mini sectors, chained in the mini FAT.
    mini_stream, mini_fat, start = b"", [], {}
    for index, (_name, kind, data, _kids) in enumerate(entries):
        if kind == STREAM and 0 < len(data) < MINI_CUTOFF:
            first, count = len(mini_stream) // MINI_SECTOR, -(-len(data) // MINI_SECTOR)
            start[index] = first
            mini_fat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
            mini_stream += _pad(data, MINI_SECTOR)
    # The regular sectors: directory, mini FAT, mini stream, then each large stream; the FAT in front.
    directory_sectors = -(-len(entries) // 4)
    chains = [("directory", directory_sectors), ("minifat", -(-len(mini_fat) * 4 // SECTOR)),
              ("ministream", -(-len(mini_stream) // SECTOR))]
    chains += [(index, -(-len(data) // SECTOR)) for index, (_n, kind, data, _k) in enumerate(entries)
               if kind == STREAM and len(data) >= MINI_CUTOFF]
    data_sectors = sum(count for _key, count in chains)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + data_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "too large for a header-only DIFAT"
    fat = [FATSECT] * fat_sectors
    first_sector = {}
    for key, count in chains:
        first_sector[key] = len(fat) if count else ENDOFCHAIN
        fat += [len(fat) + i + 1 for i in range(count - 1)] + ([ENDOFCHAIN] if count else [])
    fat += [FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat))

    def entry_bytes(index):
        name, kind, data, kids = entries[index]
        encoded = (name + "\0").encode("utf-16-le")
        assert len(encoded) <= 64, name
        right = NOSTREAM
        for parent in entries:  # my right sibling: the next child of my parent
            if index in parent[3]:
                position = parent[3].index(index)
                right = parent[3][position + 1] if position + 1 < len(parent[3]) else NOSTREAM
        child = kids[0] if kids else NOSTREAM
        if kind == ROOT:
            sector, size = first_sector["ministream"], len(mini_stream)
        elif kind == STORAGE:
            sector, size = 0, 0
        elif len(data) >= MINI_CUTOFF:
            sector, size = first_sector[index], len(data)
        else:
            sector, size = start.get(index, ENDOFCHAIN), len(data)
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, NOSTREAM, right, child)
                + b"\0" * 36 + struct.pack("<IQ", sector, size))

    empty_entry = b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    directory = b"".join(entry_bytes(i) for i in range(len(entries)))
    directory += empty_entry * (directory_sectors * 4 - len(entries))
    header = (MAGIC + b"\0" * 16 + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, fat_sectors,
                                                 first_sector["directory"], 0, MINI_CUTOFF,
                                                 first_sector["minifat"], -(-len(mini_fat) * 4 // SECTOR),
                                                 ENDOFCHAIN, 0)
              + struct.pack("<109I", *(list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors))))
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + _pad(struct.pack(f"<{len(mini_fat)}I", *mini_fat), SECTOR)
    body += _pad(mini_stream, SECTOR)
    for index, (_n, kind, data, _k) in enumerate(entries):
        if kind == STREAM and len(data) >= MINI_CUTOFF:
            body += _pad(data, SECTOR)
    assert len(header) == SECTOR and len(body) == (fat_sectors + data_sectors) * SECTOR
    return header + body


# --- what goes inside --------------------------------------------------------------------------------------

WORD_STREAM = b"\xec\xa5\xc1\x00" + b"\0" * 1020  # a Word 97 FIB's magic (wIdent 0xA5EC); the rest left empty


def biff_record(opcode, data=b""):
    return struct.pack("<HH", opcode, len(data)) + data


def workbook_stream(*sheets):
    """A BIFF8 workbook globals substream: BOF, one BOUNDSHEET per (name, sheet type), EOF. Sheet types
    as [MS-XLS] 2.4.28 defines them: 0 worksheet, 1 Excel 4.0 macro sheet, 2 chart, 6 VBA module."""
    records = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    for name, sheet_type in sheets:
        encoded = name.encode("latin-1")
        records += biff_record(0x0085, struct.pack("<IBBBB", 0, 0, sheet_type, len(encoded), 0) + encoded)
    return records + biff_record(0x000A)


def vba_project(vba_name="VBA", stream_name="_VBA_PROJECT"):
    """The storages and streams [MS-OVBA] 2.2.1 requires of a VBA project (a PROJECT stream, a VBA storage
    with _VBA_PROJECT and dir), under the names given: Office reads them whatever their case."""
    return {"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000\r\n',
            vba_name: {stream_name: b"\xcc\x61\xff\xff\x00\x00\x00", "dir": b"\x01\x00\x00"}}


def legacy_word(macros=None):
    """A .doc: the WordDocument and 1Table streams, and a Macros storage when `macros` is given."""
    tree = {"WordDocument": WORD_STREAM, "1Table": b"\0" * 600}
    if macros is not None:
        tree["Macros"] = macros
    return ole_file(tree)


def legacy_excel(*sheets, vba=None):
    tree = {"Workbook": workbook_stream(*(sheets or [("Sheet1", 0)]))}
    if vba is not None:
        tree["_VBA_PROJECT_CUR"] = vba
    return ole_file(tree)
