//! The fake backend's registration on visitors' phones: off by default, the machine's
//! interfaces (settable by tests), the backend's address rules, an address that fails to bind
//! (`fake.phone.failOn`), and a new one-time link on every `kioskPhoneLink` while it listens.
import type { FieldError, NetInterface, PhoneRegistration } from "./bindings";
import { LeadTrackError } from "./error";

export const FAKE_INTERFACES: NetInterface[] = [
  { name: "wlan0", ip: "192.168.1.20" },
  { name: "eth0", ip: "10.0.0.5" },
];
const PORT = 8740;

type PhoneState = { enabled: boolean; address: string | null; interfaces: NetInterface[]; failing: string | null; links: number };

function fresh(): PhoneState {
  return { enabled: false, address: null, interfaces: structuredClone(FAKE_INTERFACES), failing: null, links: 0 };
}

let phone: PhoneState = fresh();

function invalid(fields: FieldError[]): LeadTrackError {
  return new LeadTrackError("validation", fields[0]?.message ?? "invalid", fields);
}

function listening(): string | null {
  if (!phone.enabled || !phone.address || phone.address === phone.failing) return null;
  return phone.address.includes(":") ? `[${phone.address}]:${PORT}` : `${phone.address}:${PORT}`;
}

function view(): PhoneRegistration {
  const failed = phone.enabled && phone.address !== null && phone.address === phone.failing;
  return {
    enabled: phone.enabled,
    address: phone.address,
    interfaces: structuredClone(phone.interfaces),
    listening: listening(),
    error: failed ? `cannot listen on ${phone.address}:${PORT}: Cannot assign requested address (os error 99)` : null,
  };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The backend's rules: an IP address, not 0.0.0.0 or ::; on needs an address. */
function set(enabled: boolean, address: string | null): PhoneRegistration {
  const ip = address?.trim() || null;
  if (ip !== null && !IPV4.test(ip) && !/^[0-9a-fA-F:]+$/.test(ip)) {
    throw invalid([{ field: "address", code: "invalid_address", message: "This is not an IP address." }]);
  }
  if (ip === "0.0.0.0" || ip === "::") {
    throw invalid([{ field: "address", code: "invalid_address", message: "Pick the address of one network interface." }]);
  }
  if (enabled && ip === null) {
    throw invalid([{ field: "address", code: "address_required", message: "Pick the network interface phones will reach." }]);
  }
  phone.enabled = enabled;
  phone.address = ip;
  return view();
}

function link(): string | null {
  const at = listening();
  if (!at) return null;
  phone.links += 1;
  return `http://${at}/r/fake-token-${phone.links}`;
}

/** Runs `f` as an IPC call would: its result or its error, asynchronously. */
function settle<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export const phoneCommands = {
  phoneRegistrationGet: (): Promise<PhoneRegistration> => settle(view),
  phoneRegistrationSet: (enabled: boolean, address: string | null): Promise<PhoneRegistration> => settle(() => set(enabled, address)),
  kioskPhoneLink: (): Promise<string | null> => settle(link),
};

/** Test controls (as `fake.phone`). */
export const phoneFake = {
  reset(): void {
    phone = fresh();
  },
  /** The setting as the backend keeps it. */
  get settings(): { enabled: boolean; address: string | null } {
    return { enabled: phone.enabled, address: phone.address };
  },
  /** The machine's network interfaces from now on. */
  setInterfaces(list: NetInterface[]): void {
    phone.interfaces = structuredClone(list);
  },
  /** The server cannot listen on `address` (the interface went away). */
  failOn(address: string | null): void {
    phone.failing = address;
  },
};
