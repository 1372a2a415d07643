import { lazy } from '../../src/shared/lazy';

describe('lazy: a value kept while it succeeds', () => {
  it('keeps a success: the attempt is made once', async () => {
    const attempt = jest.fn(() => Promise.resolve({ loaded: true }));
    const value = lazy(attempt);
    const first = await value();
    expect(await value()).toBe(first);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed attempt: the next call tries again', async () => {
    const attempt = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('did not load'))
      .mockResolvedValueOnce('loaded');
    const value = lazy(attempt);
    await expect(value()).rejects.toThrow('did not load');
    await expect(value()).resolves.toBe('loaded');
    await expect(value()).resolves.toBe('loaded');
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('lets callers that come while an attempt is under way share it, failed or not', async () => {
    let fail: (error: Error) => void = () => undefined;
    const attempt = jest
      .fn<Promise<string>, []>()
      .mockImplementationOnce(() => new Promise((_, reject) => (fail = reject)))
      .mockResolvedValueOnce('loaded');
    const value = lazy(attempt);
    const together = [value(), value(), value()];
    expect(attempt).toHaveBeenCalledTimes(1);
    fail(new Error('did not answer'));
    for (const call of together) await expect(call).rejects.toThrow('did not answer');
    const [a, b] = await Promise.all([value(), value()]);
    expect([a, b]).toEqual(['loaded', 'loaded']);
    expect(attempt).toHaveBeenCalledTimes(2);
  });
});
