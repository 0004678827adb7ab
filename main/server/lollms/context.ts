import type { Services } from '../../services.js';
import type { CurrentModel } from '../CurrentModel.js';

/** What every LoLLMs endpoint shares. */
export interface Lollms {
  services: Services;
  /** The model requests without `model` go to: the loaded one used last. */
  current: CurrentModel;
}
