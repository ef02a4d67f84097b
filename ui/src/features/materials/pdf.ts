//! pdf.js, loaded only when a PDF is opened (it is large). Its worker comes from our own bundle
//! (Vite emits it as a file beside the app), never a CDN: the CSP allows scripts from 'self'
//! only. No WebAssembly and no eval: the CSP allows neither.
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = {
  pages: number;
  /** Draws page `n` (1-based) to fit `width` × `height` CSS pixels, sharp on high-DPI screens. */
  render(n: number, canvas: HTMLCanvasElement, width: number, height: number): Promise<void>;
  destroy(): void;
};

export async function openPdf(data: ArrayBuffer): Promise<PdfDocument> {
  const task = getDocument({ data: new Uint8Array(data), useWasm: false });
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
