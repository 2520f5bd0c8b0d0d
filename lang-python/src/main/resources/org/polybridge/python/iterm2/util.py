"""Geometry of iTerm2's library: sizes and points in cells (or pixels, for frames), ranges of
lines and cells. The same names and attributes as ``iterm2.util``."""

import asyncio
import json


class Size:
    """A width and a height: ``Size(80, 24)``."""

    def __init__(self, width=0, height=0):
        self.width = width
        self.height = height

    def dict(self):
        return {"width": self.width, "height": self.height}

    def load_from_dict(self, dictionary):
        self.width = dictionary.get("width", 0)
        self.height = dictionary.get("height", 0)

    @property
    def json(self):
        return json.dumps(self.dict())

    def __eq__(self, other):
        return isinstance(other, Size) and (self.width, self.height) == (other.width, other.height)

    def __hash__(self):
        return hash((self.width, self.height))

    def __repr__(self):
        return "Size(%r, %r)" % (self.width, self.height)


class Point:
    """A point: ``x`` across, ``y`` down."""

    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y

    def dict(self):
        return {"x": self.x, "y": self.y}

    def load_from_dict(self, dictionary):
        self.x = dictionary.get("x", 0)
        self.y = dictionary.get("y", 0)

    @property
    def json(self):
        return json.dumps(self.dict())

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)


class Frame:
    """A rectangle: an ``origin`` Point and a ``size`` Size."""

    def __init__(self, origin=None, size=None):
        self.origin = origin if origin is not None else Point()
        self.size = size if size is not None else Size()

    def load_from_dict(self, dictionary):
        self.origin.load_from_dict(dictionary.get("origin", {}))
        self.size.load_from_dict(dictionary.get("size", {}))

    def dict(self):
        return {"origin": self.origin.dict(), "size": self.size.dict()}

    @property
    def json(self):
        return json.dumps(self.dict())

    def __repr__(self):
        return "Frame(%r, %r)" % (self.origin, self.size)


def frame_str(frame):
    return "[(%s, %s) %s]" % (frame.origin.x, frame.origin.y, size_str(frame.size))


def size_str(size):
    return "%sx%s" % (size.width, size.height)


def point_str(point):
    return "(%s, %s)" % (point.x, point.y)


def distance(point_a, point_b, grid_width):
    """Cells from ``point_a`` to ``point_b`` in a grid ``grid_width`` wide, reading order."""
    return (point_b.x + point_b.y * grid_width) - (point_a.x + point_a.y * grid_width)


class CoordRange:
    """From ``start`` (a Point) up to ``end``."""

    def __init__(self, start, end):
        self.start = start
        self.end = end

    def length(self, width):
        return distance(self.start, self.end, width)

    def __repr__(self):
        return "CoordRange(%r, %r)" % (self.start, self.end)


class Range:
    """``length`` items from ``location``."""

    def __init__(self, location, length):
        self.location = location
        self.length = length

    @property
    def max(self):
        return self.location + self.length

    def to_set(self):
        return set(range(self.location, self.max))

    toSet = to_set

    def __repr__(self):
        return "Range(%r, %r)" % (self.location, self.length)


class WindowedCoordRange:
    """A CoordRange seen through the columns of ``column_range`` (a Range), or all columns."""

    def __init__(self, coordRange, columnRange=None):
        self.coordRange = coordRange
        self.columnRange = columnRange if columnRange is not None else Range(0, 0)

    @property
    def has_window(self):
        return self.columnRange.length > 0

    hasWindow = has_window

    @property
    def start(self):
        if self.has_window:
            return Point(min(max(self.coordRange.start.x, self.left), self.right), self.coordRange.start.y)
        return self.coordRange.start

    @property
    def end(self):
        if self.has_window:
            return Point(min(max(self.coordRange.end.x, self.left), self.right), self.coordRange.end.y)
        return self.coordRange.end

    @property
    def left(self):
        return self.columnRange.location

    @property
    def right(self):
        return self.columnRange.max


async def async_wait_forever():
    """Waits until the script is stopped."""
    await asyncio.get_running_loop().create_future()
