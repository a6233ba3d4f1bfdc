import PodiumKit
print(Podium.version)
