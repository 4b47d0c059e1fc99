import CCairo

/// A multi-page PDF written with Cairo: pages, bookmarks, metadata, and a structure tree (a tagged
/// PDF, which screen readers read in order) when elements are begun with `beginStructure`.
public final class PDFDocument {
    public let pageSize: Size
    private let sink = ByteSink()
    private let surface: OpaquePointer
    private var cr: OpaquePointer?
    private var structure: PDFStructure?
    private let language: String
    public private(set) var pageCount = 0

    public struct Metadata: Sendable {
        public var title: String
        public var author: String
        public var subject: String
        /// `YYYY-MM-DD`, written as the creation date; "" writes none.
        public var date: String
        /// The BCP 47 language of the text (`en`, `de-CH`), written as the document's `/Lang` when it
        /// is tagged.
        public var language: String
        public init(
            title: String, author: String = "", subject: String = "", date: String = "", language: String = "en"
        ) {
            self.title = title
            self.author = author
            self.subject = subject
            self.date = date
            self.language = language
        }
    }

    public init(pageSize: Size, metadata: Metadata) {
        self.pageSize = pageSize
        language = metadata.language
        surface = cairo_pdf_surface_create_for_stream(
            writeToSink, Unmanaged.passUnretained(sink).toOpaque(), pageSize.width, pageSize.height)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Lectern")
        cairo_pdf_surface_set_metadata(
            surface, CAIRO_PDF_METADATA_CREATE_DATE, Reproducible.pdfDate(isoDate: metadata.date))
    }

    deinit {
        if let cr { cairo_destroy(cr) }
        cairo_surface_destroy(surface)
    }

    /// Starts a new page and returns its canvas; the previous page is finished.
    public func newPage() -> Canvas {
        let context: OpaquePointer
        if let cr {
            cairo_show_page(cr)
            context = cr
        } else {
            context = cairo_create(surface)
            cr = context
            structure = PDFStructure(cr: context)
        }
        pageCount += 1
        return Canvas(cr: context, kind: .pdf)
    }

    // MARK: Structure (tagged PDF)

    /// Opens an element of the structure tree inside the current one; `alternate` is what a screen
    /// reader says for a figure or formula. Needs a page (`newPage`) first. The first element begun
    /// must be a `.section` (or another top-level kind) for Cairo to mark the PDF as tagged.
    public func beginStructure(_ role: StructureRole, alternate: String? = nil) {
        structure?.begin(role, alternate: alternate)
    }

    /// Closes the innermost open element.
    public func endStructure() { structure?.end() }

    /// Closes every open element before drawing what belongs to no element (a running header, a page
    /// number) or what stands outside them (a figure floated to the page's top); `resumeStructure`
    /// opens elements of the same kinds again, which continue the text.
    public func suspendStructure() -> SuspendedStructure {
        SuspendedStructure(open: structure?.suspend() ?? [])
    }

    public func resumeStructure(_ suspended: SuspendedStructure) { structure?.resume(suspended.open) }

    public struct SuspendedStructure {
        fileprivate let open: [PDFStructure.Open]
    }

    /// Adds a bookmark pointing at the named destination `anchor`; returns its id for children.
    @discardableResult
    public func addOutline(_ title: String, anchor: String, parent: Int = 0, open: Bool = true) -> Int {
        Int(
            cairo_pdf_surface_add_outline(
                surface, Int32(parent), title, "dest='\(Canvas.tagEscape(anchor))'",
                open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(0)))
    }

    /// Ends the document and returns the file's bytes.
    public func finish() throws -> [UInt8] {
        _ = structure?.suspend()
        if let cr {
            cairo_destroy(cr)
            self.cr = nil
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError("Cairo could not write the PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        guard let structure, structure.isTagged else { return sink.bytes }
        do {
            return try PDFAccessibilityAmendment.amend(
                sink.bytes, language: language, alternates: structure.alternates)
        } catch {
            throw GraphicsError("Lectern could not add the language and alternate texts to the PDF: \(error)")
        }
    }
}
