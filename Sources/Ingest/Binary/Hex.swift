/// Lower-case hexadecimal digits of bytes, as pseudonyms and PostgreSQL's bytea input spell them.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Appends two digits per byte of `bytes` to `text`.
    public static func append(_ bytes: some Sequence<UInt8>, to text: inout [UInt8]) {
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
    }
}
