// The path and query of a request target as the WHATWG URL parser reads them. Lookups arrive by the tens of
// thousands inside $batch, so the plain targets clients send (ASCII, no dot segments, nothing the parser would
// percent-encode or resolve) are split by hand; anything else goes through URL.

// Characters URL leaves alone in a path and, once URLSearchParams decodes them, in a query.
const PLAIN = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@/%]*(?:\?[\w\-.~!$&'()*+,;=:@/%?]*)?$/;
// `.` and `..` segments (also percent-encoded), which URL resolves.
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

export interface RequestTarget {
  pathname: string;
  /** The query after `?`, still percent-encoded: `new URLSearchParams(search)` reads it as URL's searchParams. */
  search: string;
}

export function requestTarget(target: string): RequestTarget {
  if (PLAIN.test(target)) {
    const question = target.indexOf("?");
    const pathname = question === -1 ? target : target.slice(0, question);
    if (!DOT_SEGMENT.test(pathname)) {
      return { pathname, search: question === -1 ? "" : target.slice(question + 1) };
    }
  }
  const url = new URL(target, "https://emulator.invalid");
  return { pathname: url.pathname, search: url.search.slice(1) };
}
