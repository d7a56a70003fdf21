import type { LauncherLanguage } from "./image-catalog";

// A launcher replaces itself with the host command (exec keeps the pid, so Pebble supervises the
// program, not a wrapper), its own arguments appended.

const shQuote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

// A JSON string is a valid Python string literal.
const pyQuote = (word: string): string => JSON.stringify(word);

export function launcherScript(
  language: LauncherLanguage,
  command: readonly string[],
  comment: string,
): string {
  const note = `# ${comment.replaceAll("\n", " ")}\n`;
  if (language === "python") {
    const [program = ""] = command;
    return (
      `#!/usr/bin/python3\n${note}import os\nimport sys\n\n` +
      `os.execv(${pyQuote(program)}, [${command.map(pyQuote).join(", ")}, *sys.argv[1:]])\n`
    );
  }
  return `#!/bin/sh\n${note}exec ${command.map(shQuote).join(" ")} "$@"\n`;
}
