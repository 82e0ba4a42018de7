import { describe, expect, it } from 'vitest';
import { chooseLocale, localeFromAcceptLanguage } from '@/lib/shared/locale';

describe('the locale of a request', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['en-US,zh-CN;q=0.9', 'en'],
    ['fr-FR,zh;q=0.5', 'zh-CN'],
    ['en;q=0.5,zh-CN;q=0.8', 'zh-CN'],
    ['zh-TW,en;q=0.8', 'en'],
    ['zh-Hant-HK', null],
    ['zh;q=0,en', 'en'],
    ['zh;q=abc,en;q=0.5', 'en'],
    ['zh;q=,en', 'en'],
    ['fr-FR,de', null],
    ['*', null],
    ['', null],
  ])('reads Accept-Language %j as %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it('takes the viewer’s choice first, then the browser’s languages, then English', () => {
    expect(chooseLocale('en', 'zh-CN,zh;q=0.9')).toBe('en');
    expect(chooseLocale('zh-CN', 'en-US')).toBe('zh-CN');
    expect(chooseLocale(undefined, 'zh-CN')).toBe('zh-CN');
    expect(chooseLocale('klingon', 'zh-SG')).toBe('zh-CN');
    expect(chooseLocale(undefined, 'de-DE')).toBe('en');
    expect(chooseLocale(undefined, null)).toBe('en');
  });
});
