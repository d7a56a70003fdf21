/** Unit names in Juju's order: by application, then by number (`a/2` before `a/10`). */
export function compareUnits(a: string, b: string): number {
  const split = (unit: string) => {
    const slash = unit.lastIndexOf("/");
    return [unit.slice(0, slash), Number(unit.slice(slash + 1))] as const;
  };
  const [appA, numberA] = split(a);
  const [appB, numberB] = split(b);
  return appA < appB ? -1 : appA > appB ? 1 : numberA - numberB;
}

export const sortUnits = (units: Iterable<string>): string[] => [...units].sort(compareUnits);
