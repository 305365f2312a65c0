import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UsageError } from './usage-error.ts';

/** The connection options, as flags, environment and a config file name them. */
export const SETTING_NAMES = [
  'cert',
  'key',
  'ca',
  'broker',
  'audience',
  'user',
  'name',
  'role',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];
export type ConnectionSettings = Partial<Record<SettingName, string>>;

/** Each setting's environment variable. */
export const SETTING_ENVIRONMENT: Readonly<Record<SettingName, string>> = {
  cert: 'ZVH_PARTNER_CERT',
  key: 'ZVH_PARTNER_KEY',
  ca: 'ZVH_PARTNER_CA',
  broker: 'ZVH_BROKER_URL',
  audience: 'ZVH_BROKER_AUDIENCE',
  user: 'ZVH_USER',
  name: 'ZVH_USER_NAME',
  role: 'ZVH_ROLE',
};

export const CONFIG_ENVIRONMENT = 'ZVH_PARTNER_CONFIG';

const DEFAULTS: ConnectionSettings = {
  broker: 'https://localhost:8443',
  audience: 'urn:zvh-broker:bonaire',
};

/** The settings that name files: relative to the config file that names them. */
const FILE_SETTINGS: readonly SettingName[] = ['cert', 'key', 'ca'];

/** A config file is a few lines; anything longer is not one. */
const MAX_CONFIG_BYTES = 16 * 1024;

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The connection settings of one command: a flag over its environment variable over the
 * config file (`--config`, else `$ZVH_PARTNER_CONFIG`) over the defaults. So a partner
 * system's certificate and broker go in a file once, the employee in the environment of
 * the session, and a command line names only what it does.
 *
 * @example
 * await connectionSettings({ role: 'case_director' }, process.env, '~/.zvh-partner');
 */
export async function connectionSettings(
  flags: ConnectionSettings,
  env: Environment,
  configFile: string | undefined,
): Promise<ConnectionSettings> {
  const file = configFile ?? env[CONFIG_ENVIRONMENT];
  const fromFile = file === undefined || file === '' ? {} : await readConfig(file);
  const settings: ConnectionSettings = { ...DEFAULTS };
  for (const name of SETTING_NAMES) {
    const value = flags[name] ?? env[SETTING_ENVIRONMENT[name]] ?? fromFile[name];
    if (value !== undefined && value !== '') settings[name] = value;
  }
  return settings;
}

/**
 * JSON (`{"cert": "...", ...}`) or `key=value` lines, `#` starting a comment. An unknown
 * key is an error, so that a misspelt one does not pass unnoticed.
 */
async function readConfig(file: string): Promise<ConnectionSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--config: cannot read ${file}`);
  }
  if (text.length > MAX_CONFIG_BYTES) throw new UsageError(`--config: ${file} is too long`);
  const entries = text.trimStart().startsWith('{')
    ? jsonEntries(text, file)
    : lineEntries(text, file);
  const settings: ConnectionSettings = {};
  for (const [key, value] of entries) {
    if (!(SETTING_NAMES as readonly string[]).includes(key)) {
      throw new UsageError(
        `--config: ${file} has an unknown key "${key}" (${SETTING_NAMES.join(', ')})`,
      );
    }
    const name = key as SettingName;
    settings[name] =
      FILE_SETTINGS.includes(name) && !isAbsolute(value) ? resolve(dirname(file), value) : value;
  }
  return settings;
}

function jsonEntries(text: string, file: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--config: ${file} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--config: ${file} must be a JSON object`);
  }
  return Object.entries(parsed).map(([key, value]) => {
    if (typeof value !== 'string') throw new UsageError(`--config: "${key}" must be a string`);
    return [key, value];
  });
}

function lineEntries(text: string, file: string): [string, string][] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      if (at < 1) throw new UsageError(`--config: ${file} has a line without key=value`);
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
}
