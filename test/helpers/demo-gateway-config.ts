import { TEST_MASTER_KEY } from "./activate-config.ts";

/** A config with one mock model, `demo`, for tests whose subject is not model routing. */
export const DEMO_GATEWAY_CONFIG = `
model_list:
  - model_name: demo
    litellm_params:
      model: mock/demo
general_settings:
  master_key: ${TEST_MASTER_KEY}
`;
