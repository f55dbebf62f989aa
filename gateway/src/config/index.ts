export { type Config, type ConfigInput, type DeviceConfig, configSchema, isValidTimeZone } from './schema';
export { type ConfigProblem, type ConfigResult, formatProblem, loadConfigFile, parseConfigText, validateConfig, MAX_CONFIG_BYTES } from './load';
export { type SecretRef, readSecret, secretRefSchema } from './secrets';
export { configJsonSchema, configJsonSchemaText } from './json-schema';
export { parseSize } from './size';
