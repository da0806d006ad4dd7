/** Redis-style log lines: "pid:role dd Mon yyyy hh:mm:ss.mmm <level> message". */
import fs from 'node:fs';
import type { Config } from './config.js';

const LEVELS: Record<string, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
const MARK = ['.', '-', '*', '#'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class Logger {
  private level = 2;
  private file = '';
  /** When set, lines go here instead of stdout/logfile (tests, embedding). */
  sink: ((line: string) => void) | null = null;

  constructor(config: Config) {
    config.onChange('loglevel', v => { this.level = LEVELS[v] ?? 2; });
    config.onChange('logfile', v => { this.file = v; });
  }

  write(level: number, msg: string): void {
    if (level < this.level) return;
    const d = new Date();
    const p2 = (n: number) => String(n).padStart(2, '0');
    const ts = `${p2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
    const line = `${process.pid}:M ${ts} ${MARK[level]} ${msg}\n`;
    if (this.sink) { this.sink(line); return; }
    if (this.file) fs.appendFileSync(this.file, line);
    else process.stdout.write(line);
  }
  debug(m: string): void { this.write(0, m); }
  verbose(m: string): void { this.write(1, m); }
  notice(m: string): void { this.write(2, m); }
  warning(m: string): void { this.write(3, m); }
}
