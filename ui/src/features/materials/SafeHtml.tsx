//! A Markdown page's HTML as React elements, never as injected markup. The backend already
//! rendered it without raw HTML and sanitised it (ammonia); this is the third fence: only an
//! allow-list of text-structure tags becomes elements, every attribute is dropped, and a link
//! becomes underlined text with its address as a tooltip (the webview must not navigate away;
//! the QR code is how a visitor takes an address home).
import { createElement, type ReactNode } from "react";

const TAGS = new Set([
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "em", "del", "code", "pre", "blockquote",
  "ul", "ol", "li", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
]);

function convert(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const children = Array.from(el.childNodes, (c, i) => convert(c, i));
  if (tag === "a") {
    return (
      <span key={key} title={el.getAttribute("href") ?? undefined} style={{ textDecoration: "underline" }}>
        {children}
      </span>
    );
  }
  if (!TAGS.has(tag)) return <span key={key}>{children}</span>;
  return createElement(tag, { key }, ...(tag === "hr" || tag === "br" ? [] : children));
}

export function SafeHtml({ html }: { html: string }) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  return <>{Array.from(body.childNodes, (c, i) => convert(c, i))}</>;
}
