//! pdf.js, loaded only when a PDF is opened (it is large). Its worker comes from our own bundle
//! (Vite emits it as a file beside the app), never a CDN: the CSP allows scripts from 'self'
//! only. No WebAssembly and no eval: the CSP allows neither.
import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, type PDFDocumentProxy, type PDFDocumentLoadingTask } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = {
  pages: number;
  /** Draws page `n` (1-based) to fit `width` × `height` CSS pixels, sharp on high-DPI screens. */
  render(n: number, canvas: HTMLCanvasElement, width: number, height: number): Promise<void>;
  destroy(): void;
};

export async function openPdf(data: ArrayBuffer): Promise<PdfDocument> {
  return wrap(getDocument({ data: new Uint8Array(data), useWasm: false }));
}

/** pdf.js asks for ranges of this size; one IPC call each. */
const RANGE_CHUNK = 1024 * 1024;

/**
 * A large PDF a range at a time: pdf.js reads the end (the xref), then only what the page it
 * draws needs, so the first page shows without the whole file crossing IPC and being parsed.
 */
export async function openPdfRanges(length: number, read: (offset: number, length: number) => Promise<ArrayBuffer>): Promise<PdfDocument> {
  let failed: (reason: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  class IpcRanges extends PDFDataRangeTransport {
    override requestDataRange(begin: number, end: number): void {
      read(begin, end - begin).then((chunk) => this.onDataRange(begin, new Uint8Array(chunk)), failed);
    }
  }
  const task = getDocument({ range: new IpcRanges(length, null), rangeChunkSize: RANGE_CHUNK, disableAutoFetch: true, disableStream: true, useWasm: false });
  failure.catch(() => void task.destroy());
  return Promise.race([wrap(task), failure]);
}

async function wrap(task: PDFDocumentLoadingTask): Promise<PdfDocument> {
  const doc: PDFDocumentProxy = await task.promise;
  return {
    pages: doc.numPages,
    async render(n, canvas, width, height) {
      const page = await doc.getPage(n);
      const unit = page.getViewport({ scale: 1 });
      const scale = Math.min(width / unit.width, height / unit.height);
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: scale * ratio });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
      await page.render({ canvas, viewport }).promise;
    },
    destroy() {
      void task.destroy();
    },
  };
}
