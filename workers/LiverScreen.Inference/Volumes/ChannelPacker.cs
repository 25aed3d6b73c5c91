using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference.Cards;

namespace LiverScreen.Inference.Volumes;

/// <summary>
/// Builds one network input tile [C, Pz, Py, Px] from per-phase HU volumes as the card says: channel c is a phase's
/// window-normalised HU, a presence flag (constant 1 when the phase exists, else 0), or LR_position (the column's place
/// across the body, <see cref="ChannelKind.LateralPosition"/>). A missing phase's image channel is 0. Voxels outside
/// the volume (padding) and, when a mask is given, outside the mask take the normalised value of the window's lower
/// bound (-1: air / background). The tile may be written mirrored along any axes (every channel alike).
/// </summary>
internal sealed class ChannelPacker
{
    private readonly Volume<float>?[] _images;
    private readonly float[] _constant;
    private readonly ModelCardNormalization _norm;
    private readonly Volume<byte>? _mask;
    private readonly Size3 _size;
    private readonly float _pad;
    private readonly bool[] _lateral;
    private readonly double _bodyCentreX;
    private readonly double _bodyHalfWidthX;

    /// <summary>
    /// The body for LR_position: voxels above this HU in NC (every given phase when NC is missing), as the engine's
    /// body crop and the training recipe's common.BODY_HU.
    /// </summary>
    public const float BodyThresholdHu = -500f;

    public ChannelPacker(ModelCard card, IReadOnlyDictionary<Phase, Volume<float>> phases, Volume<byte>? mask)
    {
        var specs = card.ChannelSpecs;
        _images = new Volume<float>?[specs.Count];
        _constant = new float[specs.Count];
        _lateral = new bool[specs.Count];
        _norm = card.Normalization;
        _pad = _norm.Apply((float)_norm.MinHu);
        _mask = mask;
        var first = phases.Values.FirstOrDefault()
            ?? throw new ArgumentException("No phase volume given; at least one phase is needed.", nameof(phases));
        _size = first.Size;
        foreach (var (phase, volume) in phases)
        {
            if (volume.Size != _size)
            {
                throw new ArgumentException(
                    $"Phase {phase} is {volume.Size} but {phases.First().Key} is {_size}: every phase must be on the same grid (align and resample first).",
                    nameof(phases));
            }
        }

        if (mask is not null && mask.Size != _size)
        {
            throw new ArgumentException($"Mask is {mask.Size} but the phases are {_size}.", nameof(mask));
        }

        if (!specs.Any(s => s.Kind == ChannelKind.Image && phases.ContainsKey(s.Phase)))
        {
            throw new ArgumentException(
                $"None of the given phases ({string.Join(", ", phases.Keys)}) is an input of model {card.Name} (channels {string.Join(", ", card.Channels)}).",
                nameof(phases));
        }

        if (specs.Any(s => s.Kind == ChannelKind.LateralPosition))
        {
            (_bodyCentreX, _bodyHalfWidthX) = BodyAcross(phases);
        }

        for (var c = 0; c < specs.Count; c++)
        {
            if (specs[c].Kind == ChannelKind.LateralPosition)
            {
                _lateral[c] = true;
                continue;
            }

            var present = phases.TryGetValue(specs[c].Phase, out var v);
            if (specs[c].IsPresenceFlag)
            {
                _constant[c] = present ? 1f : 0f;
            }
            else
            {
                _images[c] = v;
            }
        }
    }

    public int Channels => _images.Length;

    public Size3 Size => _size;

    /// <summary>Writes the tile whose voxel (0,0,0) is volume voxel (x0, y0, z0) into <paramref name="dest"/> (C * pz * py * px floats).</summary>
    public void Pack(Span<float> dest, int z0, int y0, int x0, int pz, int py, int px, FlipAxes flip)
    {
        var tile = pz * py * px;
        var (nx, ny, nz) = (_size.X, _size.Y, _size.Z);
        var fx = (flip & FlipAxes.X) != 0;
        var fy = (flip & FlipAxes.Y) != 0;
        var fz = (flip & FlipAxes.Z) != 0;
        for (var c = 0; c < _images.Length; c++)
        {
            var plane = dest.Slice(c * tile, tile);
            if (_lateral[c])
            {
                PackLateral(plane, x0, py * pz, px, fx);
                continue;
            }

            var image = _images[c];
            if (image is null)
            {
                plane.Fill(_constant[c]);
                continue;
            }

            var data = image.Data;
            var mask = _mask?.Data;
            for (var dz = 0; dz < pz; dz++)
            {
                var z = z0 + dz;
                var tz = fz ? pz - 1 - dz : dz;
                for (var dy = 0; dy < py; dy++)
                {
                    var y = y0 + dy;
                    var ty = fy ? py - 1 - dy : dy;
                    var row = plane.Slice(((tz * py) + ty) * px, px);
                    if ((uint)z >= (uint)nz || (uint)y >= (uint)ny)
                    {
                        row.Fill(_pad);
                        continue;
                    }

                    var rowStart = ((z * ny) + y) * nx;
                    if (!fx && mask is null)
                    {
                        // The usual case (no mirror, no mask): the in-volume run of the row at once, SIMD.
                        var xa = Math.Clamp(-x0, 0, px);
                        var xb = Math.Clamp(nx - x0, xa, px);
                        row[..xa].Fill(_pad);
                        row[xb..].Fill(_pad);
                        _norm.Apply(data.AsSpan(rowStart + x0 + xa, xb - xa), row[xa..xb]);
                        continue;
                    }

                    for (var dx = 0; dx < px; dx++)
                    {
                        var x = x0 + dx;
                        var tx = fx ? px - 1 - dx : dx;
                        if ((uint)x >= (uint)nx)
                        {
                            row[tx] = _pad;
                            continue;
                        }

                        var i = rowStart + x;
                        row[tx] = mask is not null && mask[i] == 0 ? _pad : _norm.Apply(data[i]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// LR_position of grid column <paramref name="x"/>: -1 at the body's first column, +1 at its last, linear in
    /// between and beyond (models/training/common.py lateral_ramp computes the same for training).
    /// </summary>
    public double LateralPosition(int x) => (x - _bodyCentreX) / _bodyHalfWidthX;

    private void PackLateral(Span<float> plane, int x0, int rows, int px, bool mirrored)
    {
        var row = plane[..px];
        for (var dx = 0; dx < px; dx++)
        {
            row[mirrored ? px - 1 - dx : dx] = (float)LateralPosition(x0 + dx);
        }

        for (var r = 1; r < rows; r++)
        {
            row.CopyTo(plane.Slice(r * px, px));
        }
    }

    /// <summary>
    /// Centre and half width (columns) of the body across the grid, signed so that +1 is the patient's left: grid
    /// columns that run towards the patient's right (a negative LPS x direction) flip the sign.
    /// </summary>
    private static (double Centre, double HalfWidth) BodyAcross(IReadOnlyDictionary<Phase, Volume<float>> phases)
    {
        var body = phases.TryGetValue(Phase.NC, out var nc) ? [nc] : phases.Values.ToArray();
        var (min, max) = BodyBox.Find(body, BodyThresholdHu, marginVoxels: 0);
        var size = body[0].Size;
        var (first, last) = max.X > min.X ? (min.X, max.X - 1) : (0, size.X - 1);
        var half = Math.Max((last - first) / 2.0, 1.0);
        var towardsLeft = body[0].Geometry.Direction.Column(0).X >= 0;
        return ((first + last) / 2.0, towardsLeft ? half : -half);
    }

    /// <summary>The flip combinations to run: every subset of <paramref name="axes"/>, the identity first.</summary>
    public static FlipAxes[] Combinations(FlipAxes axes)
    {
        var list = new List<FlipAxes>();
        for (var bits = 0; bits < 8; bits++)
        {
            var f = (FlipAxes)bits;
            if ((f & ~axes) == 0)
            {
                list.Add(f);
            }
        }

        return [.. list];
    }
}
