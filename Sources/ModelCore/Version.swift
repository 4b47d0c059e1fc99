/// The model core's version: part of every notebook cache key, so results computed by an older
/// model core are never reused. Bump it when a change alters what a model computes.
public enum ModelCoreVersion {
    public static let string = "0.2.0"
}
