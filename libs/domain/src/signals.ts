/** Linux signal names as dockerd parses them (moby's signal.ParseSignal and its Linux map). */
import { Errors } from './errors/messages';

const BASE: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  POLL: 29,
  PWR: 30,
  SYS: 31,
  RTMIN: 34,
  RTMAX: 64,
};

const SIGNALS: ReadonlyMap<string, number> = (() => {
  const map = new Map(Object.entries(BASE));
  for (let i = 1; i <= 15; i += 1) {
    map.set(`RTMIN+${i}`, 34 + i);
    map.set(`RTMAX-${i}`, 64 - i);
  }
  return map;
})();

export const SIGKILL = 9;
export const SIGTERM = 15;

/** "SIGKILL", "kill", "9" → 9. Throws InvalidParameter "Invalid signal: <raw>". */
export const parseSignal = (raw: string): number => {
  if (/^-?\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < 1 || n > 64) throw Errors.invalidSignal(raw);
    return n;
  }
  const upper = raw.toUpperCase();
  const n = SIGNALS.get(upper.startsWith('SIG') ? upper.slice(3) : upper);
  if (n === undefined) throw Errors.invalidSignal(raw);
  return n;
};
