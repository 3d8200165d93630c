/**
 * The key a client is throttled under. An IPv6 client usually controls a whole /64, so one
 * attacker would otherwise get 2^64 fresh budgets; IPv4-mapped addresses count as IPv4.
 *
 * @module
 */
import { isIPv6 } from 'node:net';

function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::', 2);
  const left = head === '' ? [] : head.split(':');
  const right = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const fill = ip.includes('::') ? Array<string>(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right];
}

/**
 * @example
 * clientKey('2001:db8:1:2:3:4:5:6'); // 'ip6:2001:db8:1:2::/64'
 * clientKey('::ffff:203.0.113.9');   // 'ip4:203.0.113.9'
 */
export function clientKey(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'ip:unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `ip4:${mapped[1]}`;
  if (!isIPv6(ip)) return `ip4:${ip}`;
  const groups = expandIPv6(ip.toLowerCase()).slice(0, 4);
  return `ip6:${groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
