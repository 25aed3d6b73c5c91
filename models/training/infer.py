"""Sliding-window inference the way the engine runs the ONNX model: tiles of the card's patchSize with overlap,
probabilities averaged where tiles overlap. Used for validation during training and for the card's metrics."""
import numpy as np
import torch


def tile_starts(length, size, overlap):
    if length <= size:
        return [0]
    step = max(1, int(round(size * (1.0 - overlap))))
    starts = list(range(0, length - size + 1, step))
    if starts[-1] != length - size:
        starts.append(length - size)
    return starts


@torch.no_grad()
def sliding_window(model, x, patch, overlap, device, batch_size=2):
    """x: float32 [8, Z, Y, X] normalised. Returns probabilities float32 [C, Z, Y, X]."""
    c, *shape = x.shape
    padded = [max(s, p) for s, p in zip(shape, patch)]
    if padded != shape:
        xp = np.zeros((c,) + tuple(padded), dtype=np.float32)
        for ch in range(4):  # pad present phases with air (-1), keep absent ones 0; presence flags constant
            if x[4 + ch].max() > 0:
                xp[ch] = -1.0
                xp[4 + ch] = 1.0
        xp[:, : shape[0], : shape[1], : shape[2]] = x
        x = xp
    n_cls = None
    acc = cnt = None
    tiles = [(z, y, xx) for z in tile_starts(padded[0], patch[0], overlap)
             for y in tile_starts(padded[1], patch[1], overlap) for xx in tile_starts(padded[2], patch[2], overlap)]
    for i in range(0, len(tiles), batch_size):
        group = tiles[i: i + batch_size]
        inp = np.stack([x[:, z: z + patch[0], y: y + patch[1], xx: xx + patch[2]] for z, y, xx in group])
        prob = torch.softmax(model(torch.from_numpy(inp).to(device)), 1).float().cpu().numpy()
        if acc is None:
            n_cls = prob.shape[1]
            acc = np.zeros((n_cls,) + tuple(padded), dtype=np.float32)
            cnt = np.zeros(tuple(padded), dtype=np.float32)
        for (z, y, xx), p in zip(group, prob):
            acc[:, z: z + patch[0], y: y + patch[1], xx: xx + patch[2]] += p
            cnt[z: z + patch[0], y: y + patch[1], xx: xx + patch[2]] += 1
    acc /= np.maximum(cnt, 1)
    return acc[:, : shape[0], : shape[1], : shape[2]]
