import CCrypto
import Foundation

/// SHA-256 of bytes fed in pieces, computed by the system's libcrypto (OpenSSL's EVP interface).
/// The OpenSSL context never leaves this class.
final class SHA256Hasher {
    private let context: OpaquePointer

    init() {
        // These fail only when memory runs out, where Swift itself would stop as well.
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a SHA-256 context") }
        self.context = context
        precondition(EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "libcrypto could not start a SHA-256")
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: some DataProtocol) {
        for region in bytes.regions where !region.isEmpty {
            region.withUnsafeBytes { buffer in
                precondition(
                    EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) == 1, "libcrypto could not hash")
            }
        }
    }

    /// The 32 bytes of the digest; the hasher takes no more input afterwards.
    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1, "libcrypto could not finish a SHA-256")
        return Array(digest.prefix(Int(length)))
    }
}
