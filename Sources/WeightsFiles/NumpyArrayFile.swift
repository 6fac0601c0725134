import Foundation

/// NumPy's `.npy` format (format versions 1.0, 2.0 and 3.0, as written by `np.save`):
///
///     "\x93NUMPY" major minor  header-length (uint16 LE for 1.x, uint32 LE for 2.x/3.x)
///     header: a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), }
///     data:   the array's items, raw, in the order the header states
///
/// Accepted: `descr` `'<f8'` (float64) or `'<f4'` (float32; each value widened to float64,
/// which is exact), `fortran_order` False, a shape of non-negative integers, and exactly
/// `product(shape) · itemsize` bytes of data. Everything else is refused with a
/// `WeightsFileError` naming what was found and what was expected: big-endian data
/// (`'>f8'`), other dtypes (integers, float16, complex, object arrays `'|O'`, structured
/// dtypes), Fortran order, truncated or over-long data, an empty array, NaN or infinity.
public enum NumpyArrayFile {

    /// Parses the bytes of one `.npy` file; `name` is what errors call it (a path, or
    /// `archive.npz:W.npy`).
    public static func parse(_ bytes: [UInt8], name: String) throws -> WeightArray {
        func fail(_ message: String) -> WeightsFileError { WeightsFileError(file: name, message) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("not a NumPy .npy file (it does not start with the magic string \\x93NUMPY); expected a file written by np.save")
        }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated .npy header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail(".npy format version \(major).\(minor) is not supported (expected 1.0, 2.0 or 3.0)")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw fail("truncated .npy header: it announces \(headerLength) bytes, the file has \(bytes.count - headerStart) after the prefix")
        }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        guard let headerText = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw fail("the .npy header is not text")
        }
        let header = try NumpyHeader.parse(headerText, fail: fail)
        let itemSize: Int
        switch header.descr {
        case "<f8": itemSize = 8
        case "<f4": itemSize = 4
        case ">f8", ">f4":
            throw fail("big-endian data (dtype '\(header.descr)') is not supported; expected '<f8' (float64) or '<f4' (float32): save with arr.astype('<f8')")
        case "|O", "<O", ">O", "O":
            throw fail("object arrays (dtype '\(header.descr)') are not weights; expected a float64 or float32 array")
        default:
            throw fail("dtype '\(header.descr)' is not supported; expected '<f8' (float64) or '<f4' (float32)")
        }
        if header.fortranOrder {
            throw fail("the array is stored in Fortran order; expected C order (save np.ascontiguousarray(arr))")
        }
        var count = 1
        for extent in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= Int.max / 8 else { throw fail("the shape \(header.shape) is too large") }
            count = product
        }
        if count == 0 { throw fail("the array of shape \(describe(header.shape)) is empty; expected weights") }
        let dataStart = headerStart + headerLength
        let available = bytes.count - dataStart
        guard available >= count * itemSize else {
            throw fail("truncated data: shape \(describe(header.shape)) of '\(header.descr)' needs \(count * itemSize) bytes, the file has \(available)")
        }
        guard available == count * itemSize else {
            throw fail("\(available - count * itemSize) bytes after the data of shape \(describe(header.shape)); expected exactly \(count * itemSize)")
        }
        var values: [WeightNumber] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            let offset = dataStart + index * itemSize
            let x: Double
            if itemSize == 8 {
                let bits = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
                x = Double(bitPattern: bits)
            } else {
                let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
                x = Double(Float(bitPattern: bits))  // float32 → float64 is exact
            }
            guard x.isFinite else {
                throw fail("entry \(index) (C order) is \(x); expected finite numbers")
            }
            values.append(.binary(x))
        }
        return WeightArray(shape: header.shape, values: values)
    }

    static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

/// The header dictionary of a `.npy` file, read from its Python literal.
struct NumpyHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Reads `{'descr': …, 'fortran_order': …, 'shape': (…), }` (keys in any order,
    /// trailing commas and spaces allowed). A structured dtype (a list as `descr`) and
    /// missing or unknown keys are errors.
    static func parse(_ text: String, fail: (String) -> WeightsFileError) throws -> NumpyHeader {
        var scanner = Scanner(Array(text.unicodeScalars))
        var descr: String?, fortran: Bool?, shape: [Int]?
        guard scanner.take("{") else { throw fail("the .npy header is not a Python dict literal: \(text.prefix(80))") }
        while true {
            scanner.skipSpace()
            if scanner.take("}") { break }
            guard let key = scanner.quoted() else { throw fail("cannot read the .npy header: \(text.prefix(120))") }
            scanner.skipSpace()
            guard scanner.take(":") else { throw fail("cannot read the .npy header: \(text.prefix(120))") }
            scanner.skipSpace()
            switch key {
            case "descr":
                if scanner.peek == "[" { throw fail("structured dtypes are not supported; expected a plain float64 or float32 array") }
                guard let value = scanner.quoted() else { throw fail("cannot read 'descr' in the .npy header") }
                descr = value
            case "fortran_order":
                if scanner.takeWord("True") { fortran = true } else if scanner.takeWord("False") { fortran = false } else {
                    throw fail("cannot read 'fortran_order' in the .npy header")
                }
            case "shape":
                guard scanner.take("(") else { throw fail("cannot read 'shape' in the .npy header") }
                var extents: [Int] = []
                while true {
                    scanner.skipSpace()
                    if scanner.take(")") { break }
                    guard let extent = scanner.integer() else { throw fail("cannot read 'shape' in the .npy header") }
                    extents.append(extent)
                    scanner.skipSpace()
                    if scanner.take(",") { continue }
                    guard scanner.take(")") else { throw fail("cannot read 'shape' in the .npy header") }
                    break
                }
                shape = extents
            default:
                throw fail("unknown key '\(key)' in the .npy header")
            }
            scanner.skipSpace()
            if scanner.take(",") { continue }
            scanner.skipSpace()
            guard scanner.take("}") else { throw fail("cannot read the .npy header: \(text.prefix(120))") }
            break
        }
        guard let descr, let fortran, let shape else {
            throw fail("the .npy header lacks one of 'descr', 'fortran_order', 'shape'")
        }
        return NumpyHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    struct Scanner {
        let characters: [Unicode.Scalar]
        var position = 0
        init(_ characters: [Unicode.Scalar]) { self.characters = characters }
        var peek: Unicode.Scalar? { position < characters.count ? characters[position] : nil }
        mutating func skipSpace() { while let c = peek, c == " " || c == "\n" || c == "\t" { position += 1 } }
        mutating func take(_ c: Unicode.Scalar) -> Bool {
            skipSpace()
            guard peek == c else { return false }
            position += 1
            return true
        }
        mutating func takeWord(_ word: String) -> Bool {
            let scalars = Array(word.unicodeScalars)
            guard position + scalars.count <= characters.count,
                  Array(characters[position..<(position + scalars.count)]) == scalars else { return false }
            position += scalars.count
            return true
        }
        mutating func quoted() -> String? {
            guard let quote = peek, quote == "'" || quote == "\"" else { return nil }
            position += 1
            var result = ""
            while let c = peek, c != quote { result.unicodeScalars.append(c); position += 1 }
            guard peek == quote else { return nil }
            position += 1
            return result
        }
        mutating func integer() -> Int? {
            var digits = ""
            while let c = peek, ("0"..."9").contains(c) { digits.unicodeScalars.append(c); position += 1 }
            if peek == "L" { position += 1 }  // Python 2 longs
            return digits.count <= 18 ? Int(digits) : nil
        }
    }
}
