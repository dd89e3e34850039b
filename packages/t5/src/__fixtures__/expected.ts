/**
 * Test-only access to the golden fixtures made by `tools/fixtures/t5/make_fixtures.py`
 * (a PyTorch reference that mirrors Hugging Face's modeling_t5.py).
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folder of the committed fixtures. */
export const FIXTURES = __dirname;

type Nested = number | Nested[];

/** Expected values of one fixture model. */
export interface T5Expected {
  readonly inputs: {
    readonly input_ids: number[][];
    readonly attention_mask: number[][];
    readonly labels: number[][];
    readonly decoder_input_ids: number[][];
    readonly decoder_attention_mask: number[][];
  };
  readonly outputs: {
    readonly loss: number;
    readonly logits: Nested;
    readonly encoder_last_hidden_state: Nested;
    readonly decoder_last_hidden_state: Nested;
    readonly encoder_block_outputs: Nested[];
    readonly decoder_block_outputs: Nested[];
    readonly encoder_position_buckets: number[][];
    readonly decoder_position_buckets: number[][];
    readonly encoder_position_bias: Nested;
    readonly decoder_position_bias: Nested;
  };
  readonly generation: {
    readonly max_new_tokens: number;
    readonly eos_token_id: number;
    readonly sequences: number[][];
    readonly early_stop: { input_ids: number[][]; attention_mask: number[][]; sequences: number[][] };
  };
  readonly rank_classification: {
    readonly candidates: number[][];
    readonly log_likelihood: number[][];
  };
}

/** Reads `expected.json` of a fixture model. */
export function readExpected(name: string): T5Expected {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as T5Expected;
}

/** HF `sequences` rows (start token first, pad after EOS) as our `generate` output. */
export function generatedTokens(sequences: readonly number[][], eos: number): number[][] {
  return sequences.map((row) => {
    const body = row.slice(1);
    const end = body.indexOf(eos);
    return end >= 0 ? body.slice(0, end + 1) : body;
  });
}
