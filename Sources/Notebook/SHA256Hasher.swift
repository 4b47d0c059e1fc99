import CCrypto
import Foundation

/// SHA-256 of bytes fed in pieces, computed by the system's libcrypto (OpenSSL's EVP interface).
/// The OpenSSL context never leaves this class.
final class SHA256Hasher {
    /// Nil once libcrypto has failed (out of memory, or SHA-256 disabled by its configuration).
    private var context: OpaquePointer?

    init() {
        context = EVP_MD_CTX_new()
        if let context, EVP_DigestInit_ex(context, EVP_sha256(), nil) != 1 { fail() }
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: some DataProtocol) {
        for region in bytes.regions where !region.isEmpty {
            guard let context else { return }
            let ok = region.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) == 1 }
            if !ok { fail() }
        }
    }

    /// The 32 bytes of the digest, or nil when libcrypto failed; the hasher takes no more input afterwards.
    func finalize() -> [UInt8]? {
        guard let context else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { return nil }
        return Array(digest.prefix(Int(length)))
    }

    private func fail() {
        EVP_MD_CTX_free(context)
        context = nil
    }
}
