/**
 * Names common on Bonaire, Curaçao and Aruba, combined at random: any resemblance of a
 * generated person to a real one is chance, and the identifiers are invalid on purpose.
 */
export const FAMILY_NAMES = [
  'Martis',
  'Coffie',
  'Frans',
  'Bernabela',
  'Winklaar',
  'Janga',
  'Everts',
  'Thode',
  'Cicilia',
  'Rosaria',
  'Piar',
  'Soliana',
  'Emerenciana',
  'Pourier',
  'Sint Jago',
  'Trenidad',
  'Mercera',
  'Domacassé',
  'Gijsbertha',
  'Leonora',
  'Albertus',
  'Saragoza',
  'Anthony',
  'Clarenda',
] as const;

export const GIVEN_NAMES = {
  female: [
    'Shakira',
    'Giselle',
    'Nathaly',
    'Rosalba',
    'Jeanine',
    'Suhaily',
    'Yanaika',
    'Shurenska',
    'Migdalia',
    'Luisette',
    'Rashida',
    'Xiomara',
    'Isenia',
    'Denisha',
  ],
  male: [
    'Jurgen',
    'Rignald',
    'Shurendy',
    'Giandro',
    'Jeandro',
    'Ruthsel',
    'Edsel',
    'Jairo',
    'Dwayne',
    'Glenn',
    'Urvin',
    'Ricardo',
    'Kevin',
    'Sherwin',
  ],
} as const;

/** Staff of the fictional partner organisations, for contact persons. */
export const STAFF_NAMES = [
  'M. Winklaar',
  'R. Janga',
  'S. Martis',
  'E. Frans',
  'L. Thode',
  'G. Bernabela',
  'A. Rosaria',
  'J. Everts',
] as const;

export const KRALENDIJK_STREETS = [
  'Kaya Grandi',
  'Kaya Gobernador N. Debrot',
  'Kaya Korona',
  'Kaya Internashonal',
  'Kaya Amsterdam',
  'Kaya Nikiboko',
  'Kaya Neerlandia',
  'Kaya Rincon',
] as const;
