export class BadPatternError extends Error {
  constructor() {
    super("syntax error in pattern");
  }
}

/**
 * Go's path.Match on a single name: `*` and `?` do not cross "/", `[...]` classes with ranges and
 * `^` negation, backslash escapes. A malformed pattern throws BadPatternError.
 */
export function pathMatch(pattern: string, name: string): boolean {
  let source = "";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "\\") {
      i++;
      if (i >= chars.length) throw new BadPatternError();
      source += escapeRegExp(chars[i] as string);
    } else if (ch === "[") {
      let j = i + 1;
      const negate = chars[j] === "^";
      if (negate) j++;
      // One class character: "-" and "]" must be escaped, as in Go's getEsc.
      const classChar = (): string => {
        let c = chars[j];
        if (c === undefined || c === "-" || c === "]") throw new BadPatternError();
        if (c === "\\") {
          j++;
          c = chars[j];
          if (c === undefined) throw new BadPatternError();
        }
        j++;
        return escapeRegExp(c);
      };
      let cls = "";
      let ranges = 0;
      while (!(chars[j] === "]" && ranges > 0)) {
        const lo = classChar();
        if (chars[j] === "-") {
          j++;
          cls += `${lo}-${classChar()}`;
        } else cls += lo;
        ranges++;
      }
      source += negate ? `[^/${cls}]` : `[${cls}]`;
      i = j;
    } else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, "u").test(name);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
