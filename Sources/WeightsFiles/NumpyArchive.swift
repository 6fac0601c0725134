/// NumPy's `.npz` format: a zip archive of `.npy` files, one per named array, as written
/// by `np.savez(path, W=…, a=…)`.
///
/// The archive is read through its central directory (the local headers numpy writes
/// carry placeholder sizes and a zip64 extra field), with zip64 sizes and offsets
/// understood. Only *stored* (uncompressed) entries are read: the checker has no
/// certified inflater, so an archive written by `np.savez_compressed` (deflated
/// entries) is refused with the advice to save with `np.savez`. Each entry's CRC-32 is
/// checked, so a corrupted archive is not read as other numbers.
public enum NumpyArchive {

    /// The arrays of the archive by name (the entry name without `.npy`).
    public static func parse(_ bytes: [UInt8], name: String) throws -> [String: WeightArray] {
        func fail(_ message: String) -> WeightsFileError { WeightsFileError(file: name, message) }
        guard bytes.count >= 22, bytes[0] == 0x50, bytes[1] == 0x4B else {
            throw fail("not a zip archive; expected an .npz file written by np.savez")
        }
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[o + $1]) << (8 * $1) } }
        func u64(_ o: Int) -> Int? {
            let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) }
            return value <= UInt64(Int.max) ? Int(value) : nil
        }
        // The end-of-central-directory record: the last "PK\5\6" within 22 + 65535 bytes of the end.
        var end = -1
        var o = bytes.count - 22
        while o >= max(0, bytes.count - 22 - 65_535) {
            if bytes[o] == 0x50 && bytes[o + 1] == 0x4B && bytes[o + 2] == 5 && bytes[o + 3] == 6 { end = o; break }
            o -= 1
        }
        guard end >= 0 else { throw fail("truncated zip archive: no end-of-central-directory record") }
        var entryCount = u16(end + 10)
        var directoryOffset = u32(end + 16)
        if entryCount == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            // zip64: the locator sits just before the record.
            let locator = end - 20
            guard locator >= 0, u32(locator) == 0x0706_4B50, let recordOffset = u64(locator + 8),
                  recordOffset >= 0, recordOffset + 56 <= bytes.count, u32(recordOffset) == 0x0606_4B50,
                  let count = u64(recordOffset + 32), let offset = u64(recordOffset + 48) else {
                throw fail("damaged zip64 archive (no valid zip64 end-of-central-directory record)")
            }
            entryCount = count
            directoryOffset = offset
        }
        var arrays: [String: WeightArray] = [:]
        var position = directoryOffset
        for _ in 0..<entryCount {
            guard position >= 0, position + 46 <= bytes.count, u32(position) == 0x0201_4B50 else {
                throw fail("damaged zip archive (a central directory entry is missing or truncated)")
            }
            let method = u16(position + 10)
            let crc = UInt32(u32(position + 16))
            var compressedSize = u32(position + 20)
            var size = u32(position + 24)
            let nameLength = u16(position + 28), extraLength = u16(position + 30), commentLength = u16(position + 32)
            var localOffset = u32(position + 42)
            guard position + 46 + nameLength + extraLength + commentLength <= bytes.count else {
                throw fail("damaged zip archive (a central directory entry is truncated)")
            }
            let entryName = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            // The zip64 extra field (id 1) holds, in order, the fields that are 0xFFFFFFFF.
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra), length = u16(extra + 2)
                if id == 1 {
                    var field = extra + 4
                    func next() -> Int? {
                        guard field + 8 <= extra + 4 + length else { return nil }
                        defer { field += 8 }
                        return u64(field)
                    }
                    if size == 0xFFFF_FFFF { guard let v = next() else { break }; size = v }
                    if compressedSize == 0xFFFF_FFFF { guard let v = next() else { break }; compressedSize = v }
                    if localOffset == 0xFFFF_FFFF { guard let v = next() else { break }; localOffset = v }
                }
                extra += 4 + length
            }
            position = extraEnd + commentLength
            let member = "\(name):\(entryName)"
            guard method == 0 else {
                throw WeightsFileError(file: member, method == 8
                    ? "the entry is compressed (deflate, as np.savez_compressed writes it); the checker reads only uncompressed archives: save with np.savez, not np.savez_compressed"
                    : "the entry uses zip compression method \(method); expected stored entries (np.savez)")
            }
            guard compressedSize == size else { throw WeightsFileError(file: member, "damaged zip entry (stored sizes differ)") }
            guard localOffset >= 0, localOffset + 30 <= bytes.count, u32(localOffset) == 0x0403_4B50 else {
                throw WeightsFileError(file: member, "damaged zip archive (the local header is missing)")
            }
            let dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28)
            guard size >= 0, dataStart + size <= bytes.count else {
                throw WeightsFileError(file: member, "truncated zip entry: \(size) bytes announced, fewer present")
            }
            let data = Array(bytes[dataStart..<(dataStart + size)])
            guard CRC32.checksum(data) == crc else {
                throw WeightsFileError(file: member, "the entry's CRC-32 does not match its data (the archive is damaged)")
            }
            guard entryName.hasSuffix(".npy") else {
                throw WeightsFileError(file: member, "an .npz archive holds only .npy entries")
            }
            let arrayName = String(entryName.dropLast(4))
            guard arrays[arrayName] == nil else { throw WeightsFileError(file: member, "the array '\(arrayName)' occurs twice") }
            arrays[arrayName] = try NumpyArrayFile.parse(data, name: member)
        }
        return arrays
    }
}

/// CRC-32 (ISO 3309, the zip polynomial 0xEDB88320, reflected).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    static func checksum(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
