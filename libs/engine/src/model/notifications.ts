// Facts a commit (or an operator action on the model) leaves for the event generator: which
// hooks are now owed, and to whom. Plain data; the event queue is built elsewhere.

export type ModelNotification =
  | {
      kind: "relation-changed";
      relationId: number;
      /** The unit that should run the hook. */
      unit: string;
      /** Whose data changed: a unit (unit bag) or undefined for the application bag. */
      remoteUnit?: string;
      remoteApp: string;
    }
  | {
      kind: "secret-changed";
      unit: string;
      xid: string;
      /** The label the receiving unit knows the secret by (consumer label, or owner label for its own app). */
      label: string;
      revision: number;
    }
  | {
      kind: "secret-remove";
      /** Owning application (run on its leader) or unit. */
      owner: { kind: "application" | "unit"; name: string };
      xid: string;
      label: string;
      revision: number;
    }
  | { kind: "storage-add"; unit: string; storage: string; count: number };
