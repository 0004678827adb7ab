import type { Services } from '../../services.js';
import type { CurrentModel } from '../CurrentModel.js';

/** What every LocalLab endpoint shares. */
export interface LocalLab {
  services: Services;
  current: CurrentModel;
}
