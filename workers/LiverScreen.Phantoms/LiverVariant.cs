namespace LiverScreen.Phantoms;

/// <summary>Background liver of a phantom: steatosis lowers NC attenuation (below 40 HU, can be negative);
/// cirrhosis gives a nodular surface, a shrunken right lobe, a larger left lobe and a coarser texture.</summary>
public enum LiverVariant
{
    Normal,
    Steatotic,
    Cirrhotic,
}
