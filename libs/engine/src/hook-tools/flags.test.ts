import { describe, expect, it } from "vitest";
import { HelpRequested, UsageError } from "./errors";
import { checkEmpty, type FlagDef, parseFlags, parseGoBool, parseGoInt } from "./flags";

const defs: FlagDef[] = [
  { names: ["r", "relation"], parse: (raw) => Number(raw) },
  { names: ["app"], bool: true },
  { names: ["a", "all"], bool: true },
  { names: ["x"], bool: true },
  { names: ["format"] },
];

const usageMessage = (argv: string[]): string => {
  try {
    parseFlags(argv, defs);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error("no usage error");
};

describe("gnuflag parsing", () => {
  it("accepts long flags with a separate or = value", () => {
    expect(parseFlags(["--format", "json"], defs).string("format")).toBe("json");
    expect(parseFlags(["--format=json"], defs).string("format")).toBe("json");
    expect(parseFlags(["--format="], defs).string("format")).toBe("");
  });

  it("accepts short flags with a separate or attached value, and any spelling of a shared flag", () => {
    expect(parseFlags(["-r", "3"], defs).get("r")).toBe(3);
    expect(parseFlags(["-r3"], defs).get("r")).toBe(3);
    expect(parseFlags(["--relation", "4"], defs).get("r")).toBe(4);
    expect(parseFlags(["--r=5"], defs).get("r")).toBe(5);
  });

  it("groups single-letter bool flags and lets a group end in a value flag", () => {
    const parsed = parseFlags(["-ax", "-xr7"], defs);
    expect(parsed.bool("a")).toBe(true);
    expect(parsed.bool("x")).toBe(true);
    expect(parsed.get("r")).toBe(7);
  });

  it("takes no argument for bool flags unless written --flag=value (Go ParseBool values)", () => {
    expect(parseFlags(["--app", "key"], defs).args).toEqual(["key"]);
    expect(parseFlags(["--app=False"], defs).bool("app")).toBe(false);
    expect(parseFlags(["--app=t"], defs).bool("app")).toBe(true);
    expect(usageMessage(["--app=yes"])).toBe(
      'invalid value "yes" for flag --app: strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });

  it("allows flags after positional arguments and stops at --", () => {
    const parsed = parseFlags(["key", "--app", "--", "-r", "--format"], defs);
    expect(parsed.bool("app")).toBe(true);
    expect(parsed.args).toEqual(["key", "-r", "--format"]);
    expect(parseFlags(["-", ""], defs).args).toEqual(["-", ""]);
  });

  it("reports Juju's usage errors", () => {
    expect(usageMessage(["--nope"])).toBe("flag provided but not defined: --nope");
    expect(usageMessage(["-q"])).toBe("flag provided but not defined: -q");
    expect(usageMessage(["-r"])).toBe("flag needs an argument: -r");
    expect(usageMessage(["--relation"])).toBe("flag needs an argument: --relation");
    expect(usageMessage(["--=x"])).toBe('empty flag in argument "--=x"');
  });

  it("wraps a value parser's failure", () => {
    const strict: FlagDef[] = [
      {
        names: ["n"],
        parse: () => {
          throw new Error("boom");
        },
      },
    ];
    expect(() => parseFlags(["-n", "1"], strict)).toThrow('invalid value "1" for flag -n: boom');
  });

  it("treats -h and --help as a help request", () => {
    expect(() => parseFlags(["--help"], defs)).toThrow(HelpRequested);
    expect(() => parseFlags(["-h"], defs)).toThrow(HelpRequested);
  });

  it("checkEmpty prints leftovers the way Go's %q prints a []string", () => {
    expect(() => checkEmpty(["a", 'b "c"'])).toThrow('unrecognized args: ["a" "b \\"c\\""]');
    expect(() => checkEmpty([])).not.toThrow();
  });

  it("parses Go bools and ints", () => {
    expect(parseGoBool("TRUE")).toBe(true);
    expect(parseGoBool("0")).toBe(false);
    expect(parseGoInt("0x10")).toBe(16);
    expect(parseGoInt("-3")).toBe(-3);
    expect(parseGoInt("010")).toBe(8);
    expect(() => parseGoInt("1.5")).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax');
  });
});
