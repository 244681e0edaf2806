// The nationalities users are drawn from: randomuser.me's own list plus the locales our users asked for (ru, vi, ja),
// so names and addresses arrive with Latin diacritics, Cyrillic, Vietnamese, Japanese and Persian script.
import {
  da,
  de,
  de_CH,
  en_AU,
  en_CA,
  en_GB,
  en_IE,
  en_IN,
  en_US,
  es,
  es_MX,
  fa,
  fi,
  fr,
  ja,
  nb_NO,
  nl,
  pt_BR,
  ru,
  sr_RS_latin,
  tr,
  uk,
  vi,
  type LocaleDefinition,
} from '@faker-js/faker';

/** One nationality: faker's locale data and the country name randomuser.me would print. */
export interface Nationality {
  code: string;
  locale: LocaleDefinition;
  country: string;
}

/** Every nationality the generator picks from, uniformly. */
export const NATIONALITIES: readonly Nationality[] = [
  { code: 'US', locale: en_US, country: 'United States' },
  { code: 'GB', locale: en_GB, country: 'United Kingdom' },
  { code: 'AU', locale: en_AU, country: 'Australia' },
  { code: 'CA', locale: en_CA, country: 'Canada' },
  { code: 'IE', locale: en_IE, country: 'Ireland' },
  { code: 'IN', locale: en_IN, country: 'India' },
  { code: 'DE', locale: de, country: 'Germany' },
  { code: 'CH', locale: de_CH, country: 'Switzerland' },
  { code: 'FR', locale: fr, country: 'France' },
  { code: 'ES', locale: es, country: 'Spain' },
  { code: 'MX', locale: es_MX, country: 'Mexico' },
  { code: 'BR', locale: pt_BR, country: 'Brazil' },
  { code: 'TR', locale: tr, country: 'Turkey' },
  { code: 'RU', locale: ru, country: 'Russia' },
  { code: 'UA', locale: uk, country: 'Ukraine' },
  { code: 'VN', locale: vi, country: 'Vietnam' },
  { code: 'JP', locale: ja, country: 'Japan' },
  { code: 'NL', locale: nl, country: 'Netherlands' },
  { code: 'NO', locale: nb_NO, country: 'Norway' },
  { code: 'DK', locale: da, country: 'Denmark' },
  { code: 'FI', locale: fi, country: 'Finland' },
  { code: 'RS', locale: sr_RS_latin, country: 'Serbia' },
  { code: 'IR', locale: fa, country: 'Iran' },
];
