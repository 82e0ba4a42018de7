import { describe, expect, it } from 'vitest';
import { TYPE, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import en from '@/messages/en.json';
import zhCN from '@/messages/zh-CN.json';
import { LOCALES } from '@/lib/shared/locale';

// The catalogs: every key in one language is in the other, every message is valid ICU (as next-intl
// parses it, tags included), and both languages of a message take the same arguments and tags, so
// a sentence the server sends as a key and values reads right in either language.

type Catalog = { [key: string]: string | Catalog };
const catalogs: Record<(typeof LOCALES)[number], Catalog> = { en, 'zh-CN': zhCN };

/** Every message by its dotted key ("page.heading"); anything but text or an object is an error. */
function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(catalog)) {
    const key = prefix + name;
    if (typeof value === 'string') out.set(key, value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      for (const [k, v] of flatten(value, `${key}.`)) out.set(k, v);
    else throw new Error(`${key} is neither a message nor a group of them`);
  }
  return out;
}

/** The names a message takes: its arguments ("{id}"), plural/select variables and tags ("<code>"). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
      continue;
    }
    into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
  }
  return into;
}

const flat = Object.fromEntries(
  Object.entries(catalogs).map(([locale, catalog]) => [locale, flatten(catalog)]),
) as Record<(typeof LOCALES)[number], Map<string, string>>;

describe('the message catalogs', () => {
  it('has one catalog per locale', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.flatMap((a) => LOCALES.filter((b) => b !== a).map((b) => [a, b] as const)))(
    'has every %s key in %s too',
    (from, to) => {
      const missing = [...flat[from].keys()].filter((key) => !flat[to].has(key));
      expect(missing, `keys in ${from} missing from ${to}`).toEqual([]);
    },
  );

  it.each(LOCALES)('holds only valid ICU messages in %s', (locale) => {
    const broken: string[] = [];
    for (const [key, text] of flat[locale]) {
      try {
        parse(text, { requiresOtherClause: true });
      } catch (err) {
        broken.push(`${key}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('gives both languages of a message the same arguments and tags', () => {
    const differing: string[] = [];
    for (const [key, text] of flat.en) {
      const other = flat['zh-CN'].get(key);
      if (other === undefined) continue;
      const a = [...argumentsOf(parse(text))].sort();
      const b = [...argumentsOf(parse(other))].sort();
      if (a.join() !== b.join()) differing.push(`${key}: en {${a.join()}}, zh-CN {${b.join()}}`);
    }
    expect(differing).toEqual([]);
  });

  it.each(LOCALES)('has no apostrophe in %s that ICU would take for a quote', (locale) => {
    // ICU quotes text from an apostrophe before {, }, < or another apostrophe: "don't '{x}'"
    // would print the braces instead of x. Apostrophes elsewhere ("etcd's") are plain text.
    const quoting = [...flat[locale]].filter(([, text]) => /'[{}<']/.test(text));
    expect(quoting.map(([key]) => key)).toEqual([]);
  });

  it('writes the Chinese with full-width punctuation, not ASCII commas or periods after Chinese', () => {
    const ascii = [...flat['zh-CN']].filter(([, text]) =>
      /[\u4e00-\u9fff][,.;:!?](\s|$)/.test(text),
    );
    expect(ascii.map(([key]) => key)).toEqual([]);
  });
});
