/** The two databases the store runs on; migrations differ only in identity columns and triggers. */
export type SqlDialectName = 'sqlite' | 'postgres';
