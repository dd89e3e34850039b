import { ConfigError } from '@hyperprompt/core';
import { parseHFConfig, resolveT5Config, toHFConfig } from './config';
import { T5_PRESETS, t5ParameterCount, t5Preset } from './presets';

describe('T5 config', () => {
  it('reads a HF config.json, defaulting num_decoder_layers to num_layers', () => {
    const config = parseHFConfig({
      model_type: 't5',
      d_model: 64,
      d_kv: 16,
      d_ff: 128,
      num_layers: 3,
      num_heads: 4,
      vocab_size: 200,
      feed_forward_proj: 'gated-gelu',
      tie_word_embeddings: false,
      unknown_key_hf_adds: 'ignored',
    });
    expect(config.numDecoderLayers).toBe(3);
    expect(config.feedForwardProj).toBe('gated-gelu');
    expect(config.tieWordEmbeddings).toBe(false);
    expect(config.relativeAttentionNumBuckets).toBe(32);
    expect(parseHFConfig(toHFConfig(config))).toEqual(config);
  });

  it('understands the newer is_gated_act/dense_act_fn spelling', () => {
    const config = parseHFConfig({
      is_gated_act: true,
      dense_act_fn: 'gelu_new',
      feed_forward_proj: 'gated-gelu',
    });
    expect(config.feedForwardProj).toBe('gated-gelu');
    expect(() => parseHFConfig({ is_gated_act: true, dense_act_fn: 'silu' })).toThrow(/dense_act_fn/);
  });

  it('names the bad field', () => {
    expect(() => parseHFConfig({ d_model: 0 })).toThrow(ConfigError);
    expect(() => parseHFConfig({ d_model: 0 }, 'x/config.json')).toThrow(/x\/config.json.dModel: got 0/);
    expect(() => parseHFConfig({ feed_forward_proj: 'swish' })).toThrow(/feedForwardProj/);
    expect(() => parseHFConfig({ model_type: 'bart' })).toThrow(/model_type/);
    expect(() => parseHFConfig({ pad_token_id: 99999 })).toThrow(/padTokenId/);
    expect(() => parseHFConfig({ dropout_rate: 1 })).toThrow(/dropoutRate/);
    expect(() => parseHFConfig([])).toThrow(/a JSON object/);
    expect(() => resolveT5Config({ dModle: 3 } as never)).toThrow(/t5.dModle/);
  });

  it('bounds sizes, so that a corrupted config.json is refused rather than enumerated (found by the fuzzer)', () => {
    expect(() => parseHFConfig({ num_layers: 2 ** 53 }, 'c.json')).toThrow(
      'c.json.numLayers: got 9007199254740992, expected a positive integer <= 1024',
    );
    expect(() => parseHFConfig({ num_decoder_layers: 1025 })).toThrow(/numDecoderLayers/);
    expect(() => parseHFConfig({ d_ff: 2 ** 25 })).toThrow(
      /dFF: got 33554432, expected a positive integer <= 16777216/,
    );
    expect(parseHFConfig({ num_layers: 1024, d_ff: 2 ** 24 }).numLayers).toBe(1024);
  });

  it('counts parameters in closed form, matching t5-base exactly', () => {
    expect(t5ParameterCount(T5_PRESETS['t5-base'])).toBe(222_903_552);
    expect(t5ParameterCount(T5_PRESETS['t5-small'])).toBe(60_506_624);
  });

  it('applies overrides to presets and refuses unknown presets', () => {
    expect(t5Preset('tiny', { dropoutRate: 0 }).dropoutRate).toBe(0);
    expect(() => t5Preset('t5-huge' as never)).toThrow(/preset/);
  });
});
