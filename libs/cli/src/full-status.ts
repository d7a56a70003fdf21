// The parts of Client.FullStatus (spec §3.5) the CLI reads.

export interface DetailedStatus {
  status?: string;
  info?: string;
  since?: string;
  version?: string;
  /** The embedded controller adds `charmarr-workload` ("real", "stand-in", "none") to apps' status. */
  data?: Record<string, unknown>;
}

export interface UnitStatus {
  "workload-status"?: DetailedStatus;
  "agent-status"?: DetailedStatus;
  leader?: boolean;
  address?: string;
  "public-address"?: string;
  "opened-ports"?: string[];
}

export interface ApplicationStatus {
  charm?: string;
  "charm-rev"?: number;
  "charm-channel"?: string;
  "workload-version"?: string;
  int?: number;
  exposed?: boolean;
  "public-address"?: string;
  status?: DetailedStatus;
  relations?: Record<string, string[]>;
  units?: Record<string, UnitStatus> | null;
}

export interface RelationStatus {
  id: number;
  key: string;
  interface: string;
  scope?: string;
  status?: DetailedStatus;
  endpoints: { application: string; name: string; role: string; subordinate?: boolean }[];
}

export interface FullStatus {
  model: {
    name: string;
    type?: string;
    "cloud-tag"?: string;
    region?: string;
    version?: string;
    "model-status"?: DetailedStatus;
  };
  applications?: Record<string, ApplicationStatus> | null;
  relations?: RelationStatus[] | null;
  "controller-timestamp"?: string;
}
