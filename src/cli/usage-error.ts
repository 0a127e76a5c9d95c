import { ShipshapeError } from '../core/errors.js';

export class UsageError extends ShipshapeError {
  constructor(message: string) {
    super('USAGE', '', message);
    this.name = 'UsageError';
  }
}
