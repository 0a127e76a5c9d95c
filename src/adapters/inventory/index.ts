/** Image inventory straight from the registry: OS packages (dpkg, apk, rpm) and language packages. */
export {
  DEFAULT_MAX_ARCHIVE_BYTES,
  DEFAULT_MAX_DATABASE_BYTES,
  DEFAULT_MAX_FILE_BYTES,
  takeInventory,
  type InventoryOptions,
  type InventoryTarget,
} from './take-inventory.js';
