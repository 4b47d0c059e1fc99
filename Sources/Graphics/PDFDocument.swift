import CCairo

/// A multi-page PDF written with Cairo: pages, bookmarks, metadata.
public final class PDFDocument {
    public let pageSize: Size
    private let sink = ByteSink()
    private let surface: OpaquePointer
    private var cr: OpaquePointer?
    public private(set) var pageCount = 0

    public struct Metadata: Sendable {
        public var title: String
        public var author: String
        public var subject: String
        /// `YYYY-MM-DD`, written as the creation date; "" writes none.
        public var date: String
        public init(title: String, author: String = "", subject: String = "", date: String = "") {
            self.title = title
            self.author = author
            self.subject = subject
            self.date = date
        }
    }

    public init(pageSize: Size, metadata: Metadata) {
        self.pageSize = pageSize
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
        if let cr {
            cairo_show_page(cr)
        } else {
            cr = cairo_create(surface)
        }
        pageCount += 1
        return Canvas(cr: cr!, kind: .pdf)
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
        if let cr {
            cairo_destroy(cr)
            self.cr = nil
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError("Cairo could not write the PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.bytes
    }
}
