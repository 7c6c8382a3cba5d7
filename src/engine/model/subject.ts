/**
 * What an incident is about: an IP (most rules), a user name (a distributed attack on one account),
 * a logging host (traffic spikes) or an IP and user pair. One alert per rule and subject at a time.
 */
export const SUBJECT_KINDS = ['ip', 'user', 'host', 'ip_user'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface Subject {
  readonly kind: SubjectKind;
  /** The subject itself: an address, a user name, a host name, or `ip user` for `ip_user`. */
  readonly value: string;
  /** The address when the subject has one (ip, ip_user), else null. */
  readonly ip: string | null;
}

export function ipSubject(ip: string): Subject {
  return { kind: 'ip', value: ip, ip };
}

export function userSubject(user: string): Subject {
  return { kind: 'user', value: user, ip: null };
}

export function hostSubject(host: string): Subject {
  return { kind: 'host', value: host, ip: null };
}

export function ipUserSubject(ip: string, user: string): Subject {
  return { kind: 'ip_user', value: `${ip} ${user}`, ip };
}
