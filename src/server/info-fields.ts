/**
 * The INFO registry (`server.infoFields`): how a family contributes to INFO
 * without editing commands/info.ts.
 *
 *   server.infoFields.field('clients', 'tracking_clients', () => n);
 *   server.infoFields.field('stats', 'pubsub_channels', () => channels.size);
 *   server.infoFields.section('replication', () => ['role:slave', ...]);
 *
 * field(): provides (or replaces) one "name:value" line of a section.
 * Names Redis 7.0 has keep Redis's position (info.ts lists them with a
 * default, usually 0); other names are appended to the end of the section
 * in registration order. section(): replaces the whole body of a section
 * (lines without CRLF). Section names are lower case, as INFO takes them.
 * Providers run each time INFO is built, so they must be cheap.
 */

export type InfoValue = string | number | bigint;
export type InfoProvider = () => InfoValue;
export type InfoSectionProvider = () => string[];

export class InfoFields {
  private readonly fields = new Map<string, Map<string, InfoProvider>>();
  private readonly bodies = new Map<string, InfoSectionProvider>();

  field(section: string, name: string, fn: InfoProvider): void {
    const s = section.toLowerCase();
    let m = this.fields.get(s);
    if (!m) { m = new Map(); this.fields.set(s, m); }
    m.set(name, fn);
  }

  section(section: string, fn: InfoSectionProvider): void {
    this.bodies.set(section.toLowerCase(), fn);
  }

  /** The provider registered for a field, if any. */
  provider(section: string, name: string): InfoProvider | undefined {
    return this.fields.get(section)?.get(name);
  }

  /** Registered fields of a section (in registration order). */
  fieldsOf(section: string): ReadonlyMap<string, InfoProvider> | undefined {
    return this.fields.get(section);
  }

  /** A registered replacement body for a section. */
  body(section: string): InfoSectionProvider | undefined {
    return this.bodies.get(section);
  }
}
