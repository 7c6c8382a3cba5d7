/** Names the generated traffic draws from. */

/** Accounts that exist on the simulated server (attackers still try them). */
export const VALID_TARGETS = ['root', 'ubuntu', 'postgres'] as const;

/** Names that do not exist (sshd logs `invalid user`). */
export const INVALID_NAMES = [
  'admin', 'test', 'oracle', 'user', 'guest', 'git', 'ftpuser', 'pi', 'support', 'dev', 'minecraft',
  'hadoop', 'teamspeak', 'nagios', 'www', 'ansible', 'jenkins', 'es', 'steam', 'mysql', 'ts3',
  'administrator', 'vagrant', 'docker', 'odoo', 'solana', 'sol', 'kafka', 'test1', 'test2', 'user1',
  'ftp', 'webmaster', 'backup', 'tomcat', 'zabbix', 'elastic', 'ubnt', 'alex', 'deployer',
] as const;

/**
 * Hostile user names as sshd writes them: its `strnvis` turns ESC into the text `\033` (§3.1), and
 * spaces stay, so a name can carry a fake `from <ip> port <p> ssh2` tail (§3.9).
 */
export const HOSTILE_NAMES = [
  '\\033[31mroot\\033[0m',
  '\\033[2J\\033[H',
  'admin\\033[1;31mPWNED',
  '\\033]8;;http://198.51.100.9/\\033\\\\click\\033]8;;\\033\\\\',
  'x from 198.51.100.7 port 22 ssh2',
  'test user',
  "';DROP TABLE users;--",
] as const;

/** The same kind of name with a raw ESC, as a journald relay would keep it (§2.8). */
export const RAW_ESC_NAMES = ['\u001b[31mroot\u001b[0m', 'adm\u001b[2Jin'] as const;

export interface LegitUser {
  readonly name: string;
  readonly uid: number;
  readonly ip: string;
  readonly method: 'publickey' | 'password';
}

export const LEGIT_USERS: readonly LegitUser[] = [
  { name: 'deploy', uid: 1001, ip: '192.0.2.50', method: 'publickey' },
  { name: 'alice', uid: 1000, ip: '192.0.2.31', method: 'password' },
  { name: 'bob', uid: 1002, ip: '192.0.2.77', method: 'publickey' },
  { name: 'ci', uid: 1003, ip: '192.0.2.12', method: 'publickey' },
];

export const SUDO_COMMANDS = [
  '/usr/bin/systemctl restart nginx',
  '/usr/bin/apt-get update',
  '/usr/bin/journalctl -u ssh',
  '/usr/bin/tail -n 50 /var/log/auth.log',
  '/usr/sbin/ufw status',
] as const;

export const SYSTEMD_UNITS = [
  'logrotate.service - Rotate log files',
  'apt-daily.service - Daily apt download activities',
  'man-db.service - Daily man-db regeneration',
  'sysstat-collect.service - system activity accounting tool',
  'phpsessionclean.service - Clean php session files',
] as const;

/** Ports a scanner probes first. */
export const SCAN_PORTS = [
  21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 2375, 3306,
  3389, 5432, 5900, 6379, 8080, 8443, 8888, 9200, 11211, 27017,
] as const;
