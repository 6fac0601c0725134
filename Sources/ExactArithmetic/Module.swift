@_exported import CFlint
