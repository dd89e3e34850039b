import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@hyperprompt/core';
import { backboneConfigFile } from './backbone';

describe('backboneConfigFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backbone-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const touch = (...parts: string[]): string => {
    const file = join(dir, ...parts);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '{}');
    return file;
  };

  it('finds a Hugging Face folder, a checkpoint folder, and a run folder through latest.json', () => {
    const run = touch('checkpoints', 'step-00000012', 'backbone', 'config.json');
    touch('checkpoints', 'step-00000006', 'backbone', 'config.json');
    writeFileSync(join(dir, 'checkpoints', 'latest.json'), JSON.stringify({ folder: 'step-00000012' }));
    expect(backboneConfigFile(dir)).toBe(run); // the latest checkpoint, not the first one
    expect(backboneConfigFile(join(dir, 'checkpoints', 'step-00000006'))).toBe(
      join(dir, 'checkpoints', 'step-00000006', 'backbone', 'config.json'),
    );
    const hf = touch('config.json');
    expect(backboneConfigFile(dir)).toBe(hf);
  });

  it('names the folder when there is no config (or latest.json is unreadable)', () => {
    writeFileSync(join(dir, 'latest.json'), 'not json');
    mkdirSync(join(dir, 'checkpoints'));
    writeFileSync(join(dir, 'checkpoints', 'latest.json'), '{');
    expect(() => backboneConfigFile(dir)).toThrow(ConfigError);
    expect(() => backboneConfigFile(dir)).toThrow(dir);
  });
});
