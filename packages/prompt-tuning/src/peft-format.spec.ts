import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, writeJsonAtomic, writeSafetensorsFile } from '@hyperprompt/core';
import { expectNoTensorLeak } from '@hyperprompt/core/testing';
import { FAKE_SPEC, fakeBackbone } from './__fixtures__/fake-backbone';
import {
  PEFT_CONFIG_FILE,
  PEFT_PROMPT_KEY,
  PEFT_WEIGHTS_FILE,
  assignTaskPrompt,
  exportPeftPrompt,
  importPeftPrompt,
} from './peft-format';
import { PROMPTS_VARIABLE, promptTuning } from './prompt-tuning';

const backbone = fakeBackbone();
const config = promptTuning.resolve({ promptLength: 3, init: 'uniform' }, FAKE_SPEC, { numTasks: 2 });
const ptModule = promptTuning.create(backbone, config, 11);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peft-prompt-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
afterAll(() => {
  ptModule.dispose();
  backbone.tokenEmbedding.dispose();
});

describe('PEFT prompt-tuning format', () => {
  it('writes the config fields PEFT reads', () => {
    exportPeftPrompt(dir, ptModule, 1, { baseModelName: 'google/t5-v1_1-base' });
    const json = JSON.parse(fs.readFileSync(path.join(dir, PEFT_CONFIG_FILE), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      peft_type: 'PROMPT_TUNING',
      task_type: 'SEQ_2_SEQ_LM',
      num_virtual_tokens: 3,
      token_dim: 4,
      num_transformer_submodules: 1,
      prompt_tuning_init: 'RANDOM',
      base_model_name_or_path: 'google/t5-v1_1-base',
      inference_mode: true,
    });
    expect(fs.existsSync(path.join(dir, PEFT_WEIGHTS_FILE))).toBe(true);
  });

  it('round-trips one task prompt exactly, without leaking', async () => {
    const want = tf.tidy(() =>
      ptModule.variables.get(PROMPTS_VARIABLE).slice([1, 0, 0], [1, 3, 4]).squeeze([0]),
    );
    const expected = Array.from(want.dataSync());
    want.dispose();
    await expectNoTensorLeak(() => {
      exportPeftPrompt(dir, ptModule, 1);
      const { prompt, config: json } = importPeftPrompt(dir);
      expect(prompt.shape).toEqual([3, 4]);
      expect(Array.from(prompt.dataSync())).toEqual(expected);
      expect(json.base_model_name_or_path).toBeNull();
      prompt.dispose();
    }, 'PEFT export and import');
  });

  it('imports the encoder block of a two-submodule file and assigns it to a task', () => {
    const rows = Float32Array.from({ length: 6 * 4 }, (_, i) => i);
    writeSafetensorsFile(
      path.join(dir, PEFT_WEIGHTS_FILE),
      new Map([[PEFT_PROMPT_KEY, { shape: [6, 4], data: rows }]]),
    );
    writeJsonAtomic(path.join(dir, PEFT_CONFIG_FILE), {
      peft_type: 'PROMPT_TUNING',
      task_type: 'SEQ_2_SEQ_LM',
      num_virtual_tokens: 3,
      token_dim: 4,
      num_transformer_submodules: null,
    });
    const { prompt, config: json } = importPeftPrompt(dir);
    expect(json.num_transformer_submodules).toBe(2);
    expect(Array.from(prompt.dataSync())).toEqual(Array.from(rows.subarray(0, 12)));
    const other = promptTuning.create(backbone, config, 12);
    const before = other.variables.get(PROMPTS_VARIABLE).arraySync() as number[][][];
    assignTaskPrompt(other, 0, prompt);
    const after = other.variables.get(PROMPTS_VARIABLE).arraySync() as number[][][];
    expect(after[0].flat()).toEqual(Array.from(rows.subarray(0, 12)));
    expect(after[1]).toEqual(before[1]);
    prompt.dispose();
    other.dispose();
  });

  it('rejects another adapter type and a bad task id', () => {
    writeJsonAtomic(path.join(dir, PEFT_CONFIG_FILE), { peft_type: 'LORA' });
    expect(() => importPeftPrompt(dir)).toThrow(CheckpointError);
    expect(() => {
      exportPeftPrompt(dir, ptModule, 2);
    }).toThrow(/taskId/);
  });
});
