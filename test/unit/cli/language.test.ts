// The CLI's language from the POSIX locale variables: LC_ALL, then LC_MESSAGES, then LANG; C and
// POSIX are English; a locale without a bundle is English; "zh" alone is Simplified Chinese.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import * as l10n from '@vscode/l10n';
import { configureCliLanguage, languageOfLocale } from '../../../cli/language';

test('languageOfLocale reads LC_ALL, then LC_MESSAGES, then LANG, without encoding or modifier', () => {
  assert.equal(languageOfLocale({}), 'en');
  assert.equal(languageOfLocale({ LANG: 'C.UTF-8' }), 'en');
  assert.equal(languageOfLocale({ LANG: 'POSIX' }), 'en');
  assert.equal(languageOfLocale({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(languageOfLocale({ LANG: 'de_DE.UTF-8@euro' }), 'de-de');
  assert.equal(languageOfLocale({ LC_MESSAGES: 'zh_CN.GB18030', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(languageOfLocale({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(languageOfLocale({ LC_ALL: '', LANG: 'zh_CN' }), 'zh-cn');
});

test('configureCliLanguage loads the locale\'s bundle, or none (English)', () => {
  try {
    assert.equal(configureCliLanguage({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(l10n.t('Usage:'), '用法：');
    assert.equal(configureCliLanguage({ LANG: 'zh.UTF-8' }), 'zh-cn');
    // Traditional Chinese is not Simplified: no bundle, English.
    assert.equal(configureCliLanguage({ LANG: 'zh_TW.UTF-8' }), 'en');
    assert.equal(l10n.t('Usage:'), 'Usage:');
    assert.equal(configureCliLanguage({ LANG: 'fr_FR.UTF-8' }), 'en');
  } finally {
    configureCliLanguage({ LANG: 'C' });
  }
});
