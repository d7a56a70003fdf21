// Shell-like word splitting as Pebble applies it to service and exec-check commands (no expansion,
// quotes and backslashes only, `#` starts a comment at the start of a word).

export class ShellWordsError extends Error {}

export function splitShellWords(input: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\") {
        i++;
        if (i >= chars.length) throw new ShellWordsError("EOF found when expecting closing quote");
        word += chars[i];
      } else word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    if (ch === "#" && !inWord) {
      while (i < chars.length && chars[i] !== "\n") i++;
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "\\") {
      i++;
      if (i >= chars.length) throw new ShellWordsError("EOF found after escape character");
      word += chars[i];
    } else word += ch;
  }
  if (quote) throw new ShellWordsError("EOF found when expecting closing quote");
  if (inWord) words.push(word);
  return words;
}

/** Splits a service command into its base words and the default arguments of a trailing `[ ... ]` group. */
export function parseServiceCommand(command: string): { base: string[]; extra: string[] } {
  const base: string[] = [];
  const extra: string[] = [];
  let inGroup = false;
  let hadGroup = false;
  splitShellWords(command).forEach((word, index) => {
    if (inGroup) {
      if (word === "[") throw new ShellWordsError("cannot nest [ ... ] groups");
      if (word === "]") inGroup = false;
      else extra.push(word);
      return;
    }
    if (hadGroup) throw new ShellWordsError("cannot have any arguments after [ ... ] group");
    if (word === "[") {
      if (index === 0) throw new ShellWordsError("cannot start command with [ ... ] group");
      inGroup = true;
      hadGroup = true;
      return;
    }
    if (word === "]") throw new ShellWordsError("cannot have ] outside of [ ... ] group");
    base.push(word);
  });
  return { base, extra };
}
